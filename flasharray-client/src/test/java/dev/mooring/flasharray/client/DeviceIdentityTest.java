package dev.mooring.flasharray.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceIdentityTest {

    @Test
    void derivesEveryForm() {
        DeviceIdentity d = DeviceIdentity.of("9714B5CB91634C470002B2C8");
        assertThat(d.serial()).isEqualTo("9714b5cb91634c470002b2c8");
        assertThat(d.wwid()).isEqualTo("3624a93709714b5cb91634c470002b2c8");
        assertThat(d.naa()).isEqualTo("naa.624a93709714b5cb91634c470002b2c8");
        assertThat(d.multipathDevice()).isEqualTo("/dev/mapper/3624a93709714b5cb91634c470002b2c8");
        assertThat(d.byIdWwn()).isEqualTo("/dev/disk/by-id/wwn-0x624a93709714b5cb91634c470002b2c8");
        assertThat(d.byIdDmUuid()).isEqualTo("/dev/disk/by-id/dm-uuid-mpath-3624a93709714b5cb91634c470002b2c8");
        assertThat(d.byIdScsi()).isEqualTo("/dev/disk/by-id/scsi-3624a93709714b5cb91634c470002b2c8");
    }

    @Test
    void nguidPerCinder() {
        // "00" + serial[0:14] + "24a937" + serial[-10:]
        DeviceIdentity d = DeviceIdentity.of("6C1B16CE1C034D1C00051838");
        assertThat(d.nguid()).isEqualTo("00" + "6c1b16ce1c034d" + "24a937" + "1c00051838");
        assertThat(d.nguid()).hasSize(32);
        assertThat(d.eui()).isEqualTo("eui." + d.nguid());
        assertThat(d.byIdNvmeEui()).isEqualTo("/dev/disk/by-id/nvme-eui." + d.nguid());
    }

    @Test
    void naaExampleFromAnsible() {
        assertThat(DeviceIdentity.of("361019ECACE43DB3000120A4").naa()).isEqualTo("naa.624a9370361019ecace43db3000120a4");
    }

    @Test
    void refusesNonSerials() {
        assertThatThrownBy(() -> DeviceIdentity.of("123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceIdentity.of("ZZZZB5CB91634C470002B2C8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueSemantics() {
        assertThat(DeviceIdentity.of("9714B5CB91634C470002B2C8")).isEqualTo(DeviceIdentity.of("9714b5cb91634c470002b2c8"));
        assertThat(DeviceIdentity.of("9714B5CB91634C470002B2C8").toString()).contains("3624a9370");
    }
}
