package dev.mooring.flasharray.sim.api;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paging, sorting and the envelope. */
class ListQueryTest {
    private static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(new Row(i * 10L, new JsonObject().put("name", String.format("v%03d", i)).put("provisioned", (n - i) * 512L)));
        }
        return rows;
    }

    private static ListQuery q(String... kv) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < kv.length; i += 2) {
            m.add(kv[i], kv[i + 1]);
        }
        return ListQuery.parse(m);
    }

    @Test
    void withoutLimitEverythingComesInCreationOrder() {
        List<Row> r = rows(5);
        java.util.Collections.reverse(r);
        JsonObject env = q().apply(r);
        assertThat(env.getJsonArray("items")).hasSize(5);
        assertThat(env.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("v001");
        assertThat(env.getValue("continuation_token")).isNull();
        assertThat(env.getBoolean("more_items_remaining")).isFalse();
        assertThat(env.containsKey("total_item_count")).isTrue();
        assertThat(env.getValue("total_item_count")).isNull();
    }

    @Test
    void continuationTokensWalkThroughAllPages() {
        List<Row> all = rows(25);
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonObject env = token == null ? q("limit", "10", "total_item_count", "true").apply(all)
                    : q("limit", "10", "continuation_token", token).apply(all);
            env.getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getString("name")));
            token = env.getString("continuation_token");
            assertThat(env.getBoolean("more_items_remaining")).isEqualTo(token != null);
            if (pages == 0) {
                assertThat(env.getInteger("total_item_count")).isEqualTo(25);
            }
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().startsWith("v001").endsWith("v025");
    }

    @Test
    void aTokenResumesAfterTheLastItemEvenWhenItemsWereRemoved() {
        List<Row> all = rows(10);
        String token = q("limit", "3").apply(all).getString("continuation_token");
        all.remove(1);
        all.remove(1);
        JsonObject next = q("limit", "3", "continuation_token", token).apply(all);
        assertThat(next.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("v004");
    }

    @Test
    void sortGivesNoTokenButSaysMoreRemain() {
        JsonObject env = q("sort", "-name", "limit", "2").apply(rows(5));
        assertThat(env.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("v005");
        assertThat(env.getValue("continuation_token")).isNull();
        assertThat(env.getBoolean("more_items_remaining")).isTrue();
        JsonObject byProv = q("sort", "provisioned,name").apply(rows(3));
        assertThat(byProv.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("v003");
    }

    @Test
    void limitZeroGivesACountOnly() {
        JsonObject env = q("limit", "0").apply(rows(7));
        assertThat(env.getJsonArray("items")).isEmpty();
        assertThat(env.getInteger("total_item_count")).isEqualTo(7);
    }

    @Test
    void offsetSkipsAndOversizedLimitsAreCapped() {
        JsonObject env = q("offset", "3", "limit", "2").apply(rows(10));
        assertThat(env.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("v004");
        JsonObject capped = q("limit", "99999999").apply(rows(ListQuery.MAX_LIMIT + 5));
        assertThat(capped.getJsonArray("items")).hasSize(ListQuery.MAX_LIMIT);
        assertThat(capped.getBoolean("more_items_remaining")).isTrue();
        assertThat(capped.getString("continuation_token")).isNotNull();
    }

    @Test
    void badParametersAre400() {
        assertThatThrownBy(() -> q("limit", "-1")).isInstanceOf(ApiError.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> q("continuation_token", "bm9wZQ==")).hasMessageContaining("continuation_token");
        assertThatThrownBy(() -> q("filter", "name=")).hasMessageStartingWith("Invalid filter:");
        assertThatThrownBy(() -> q("total_item_count", "yes")).hasMessageContaining("total_item_count");
    }

    @Test
    void filterAppliesBeforePaging() {
        JsonObject env = q("filter", "name='v00*'", "limit", "5", "total_item_count", "true").apply(rows(20));
        assertThat(env.getInteger("total_item_count")).isEqualTo(9);
        assertThat(env.getJsonArray("items")).hasSize(5);
    }
}
