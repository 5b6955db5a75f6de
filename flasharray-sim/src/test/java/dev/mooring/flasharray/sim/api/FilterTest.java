package dev.mooring.flasharray.sim.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter subset, table-driven against one host-like and one volume-like item. */
class FilterTest {
    private static final JsonObject ITEM = new JsonObject("""
            {"name":"pvc-123","provisioned":10737418240,"destroyed":false,"personality":null,
             "iqns":["iqn.2024-01.com.example:node1","iqn.2024-01.com.example:node2"],"wwns":["21000024FF3A4F1C"],
             "is_local":true,"pod":{"name":"pod1","id":"p-1"},"host_group":{"name":null},
             "arrays":[{"name":"array-a","status":"online"},{"name":"array-b","status":"offline"}],
             "created":1632487951945,"qos":{"iops_limit":null}}""");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            name='pvc-123'                                   | true
            name='PVC-123'                                   | true
            name='pvc-*'                                     | true
            name='*-12*'                                     | true
            name='other*'                                    | false
            name!='pvc-123'                                  | false
            name!='x'                                        | true
            provisioned=10737418240                          | true
            provisioned>1073741824                           | true
            provisioned<1073741824                           | false
            provisioned>=10737418240 and provisioned<=10737418240 | true
            destroyed='false'                                | true
            destroyed=false                                  | true
            destroyed='true'                                 | false
            iqns='iqn.2024-01.com.example:node2'             | true
            iqns='iqn.2024-01.com.example:node2' and is_local | true
            wwns='21000024FF3A4F1C'                          | true
            is_local                                         | true
            destroyed                                        | false
            personality                                      | false
            not(personality)                                 | true
            NOT(destroyed)                                   | true
            pod.name='pod1'                                  | true
            host_group.name                                  | false
            arrays.status='offline'                          | true
            arrays.name='array-c'                            | false
            contains(name,'12')                              | true
            CONTAINS(iqns,'NODE1')                           | true
            contains(name,'zz')                              | false
            (name='a' or name='pvc-123') and destroyed='false' | true
            (name='a' OR name='b') AND destroyed='false'     | false
            name='a' or name='b' or provisioned>0            | true
            not(name='a') and not(name='b')                  | true
            created>=1632487951945 and created<=1632487951946 | true
            missing_field='x'                                | false
            missing_field!='x'                               | true
            qos.iops_limit                                   | false
            name="pvc-123"                                   | true
            name=('a','pvc-123')                             | true
            name = ('a', 'b')                                | false
            name=('pvc-*')                                   | true
            name!=('a','b')                                  | true
            name!=('a','pvc-123')                            | false
            provisioned=(1,10737418240)                      | true
            iqns[any]='iqn.2024-01.com.example:node1'        | true
            iqns[all]='iqn.2024-01.com.example:node1'        | false
            iqns[all]='iqn.2024-01.com.example:*'            | true
            iqns[any]=('x','iqn.2024-01.com.example:node2')  | true
            wwns[any]='21000024FF3A4F1C' and is_local        | true
            wwns[any]!='21000024FF3A4F1C'                    | false
            iqns[any]!='iqn.2024-01.com.example:node1'       | true
            iqns[all]!='x'                                   | true
            arrays[any].status='offline'                     | true
            arrays[all].status='online'                      | false
            arrays[ALL].name='array-*'                       | true
            contains(iqns[all],'example')                    | true
            not(wwns[any]='x')                               | true
            iqns[any]                                        | true
            missing[any]='x'                                 | false
            """)
    void evaluates(String filter, boolean expected) {
        assertThat(Filter.parse(filter).test(ITEM)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"name='unterminated", "name=", "(name='a'", "name='a')", "name ! 'a'", "and", "name='a' and",
            "contains(name)", "name='a' name='b'", "name=='a'", "$x", " ",
            "wwns[some]='x'", "wwns[any", "wwns[]='x'", "wwns[any][all]='x'", "name=('a',", "name=()", "name=('a' 'b')",
            "provisioned<(1,2)", "tags('k','v')"})
    void malformedFiltersAreRejectedWithAReason(String filter) {
        assertThatThrownBy(() -> Filter.parse(filter)).isInstanceOf(Filter.FilterException.class).hasMessageMatching(".+");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            name='unterminated | unterminated string
            (name='a'          | expected ')'
            name='a')          | unexpected ')'
            wwns[some]='x'     | [any] or [all]
            name>('a','b')     | only with = and !=
            name=('a'          | closing the list of values
            """)
    void messagesSayWhatIsWrong(String filter, String fragment) {
        assertThatThrownBy(() -> Filter.parse(filter)).hasMessageContaining(fragment);
    }
}
