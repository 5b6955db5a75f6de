package dev.mooring.flasharray.client.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTest {

    private static List<String> flat(Query q) {
        return q.toParams().stream().map(p -> p[0] + "=" + p[1]).toList();
    }

    @Test
    void rendersParamsCommaSeparated() {
        Query q = Query.names("v1", "pod1::v2").limit(10).sort("name", "-provisioned").destroyed(false)
                .withFilter(Filter.eq("name", "v*"));
        assertThat(flat(q)).containsExactly("names=v1,pod1::v2", "filter=name='v*'", "limit=10",
                "sort=name,-provisioned", "destroyed=false");
        assertThat(flat(Query.all())).isEmpty();
        assertThat(flat(Query.all().continuationToken("abc=="))).containsExactly("continuation_token=abc==");
        assertThat(flat(Query.ids("x", "y"))).containsExactly("ids=x,y");
    }

    @Test
    void namesAndIdsAreExclusive() {
        assertThatThrownBy(() -> Query.names("a").withIds(List.of("b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Query.ids("a").withNames(List.of("b"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesCommasAndBadValues() {
        assertThatThrownBy(() -> Query.names("a,b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Query.names("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Query.all().limit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Query.all().sort("name;drop")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void immutable() {
        Query base = Query.all();
        Query limited = base.limit(5);
        assertThat(base.pageLimit()).isEmpty();
        assertThat(limited.pageLimit()).hasValue(5);
        assertThat(limited.toString()).isEqualTo("Query[limit=5]");
        assertThat(limited).isEqualTo(Query.all().limit(5));
    }
}
