package dev.mooring.provisioner.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            "10Gi, 10737418240",
            "1Ti, 1099511627776",
            "512Mi, 536870912",
            "1.5Gi, 1610612736",
            "1G, 1000000000",
            "500M, 500000000",
            "2k, 2000",
            "1073741824, 1073741824",
            "0.1, 1"})
    void kubernetesQuantitiesAreReadAsKubernetesReadsThem(String quantity, String bytes) {
        assertThat(Quantity.bytes(quantity)).isEqualTo(new BigInteger(bytes));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"ten", "10GB", "10 Gi", "-1Gi", "1e3", "Gi", ".5Gi"})
    void anythingElseIsRefusedWithAHint(String quantity) {
        assertThatThrownBy(() -> Quantity.bytes(quantity)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a quantity").hasMessageContaining("10Gi");
    }

    @ParameterizedTest(name = "{0} bytes shows as {1}")
    @CsvSource({"10737418240, 10Gi", "1048576, 1Mi", "1536, 1536", "1099511627776, 1Ti", "3145728, 3Mi"})
    void sizesAreShownInTheLargestExactBinaryUnit(long bytes, String shown) {
        assertThat(Quantity.format(bytes)).isEqualTo(shown);
    }
}
