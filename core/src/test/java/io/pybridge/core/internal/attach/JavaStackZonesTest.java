package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/** HotSpot's stack zones from its flags, sized as HotSpot sizes them, without an interpreter. */
class JavaStackZonesTest {

    /** HotSpot's defaults on x86-64 Linux: 1 red, 2 yellow, 1 reserved and 20 shadow units of 4 KiB. */
    private static final ToLongFunction<String> X86_64_DEFAULTS = Map.of("StackRedPages", 1L, "StackYellowPages", 2L,
            "StackReservedPages", 1L, "StackShadowPages", 20L)::get;

    @Test
    void onFourKibibytePagesEachUnitIsAPage() {
        JavaStackZones zones = JavaStackZones.fromPages(X86_64_DEFAULTS, 4096);
        assertThat(zones.guardBytes()).isEqualTo(16 * 1024);
        assertThat(zones.shadowBytes()).isEqualTo(80 * 1024);
    }

    @Test
    void onSixtyFourKibibytePagesEachZoneIsAlignedUpOnItsOwn() {
        JavaStackZones zones = JavaStackZones.fromPages(X86_64_DEFAULTS, 64 * 1024);
        // Red, yellow and reserved: 4, 8 and 4 KiB, each one 64 KiB page; not 16 KiB in one page,
        // nor 4 x 64 KiB as if the flags counted OS pages.
        assertThat(zones.guardBytes()).isEqualTo(3 * 64 * 1024);
        // 80 KiB of shadow: two 64 KiB pages.
        assertThat(zones.shadowBytes()).isEqualTo(128 * 1024);
    }

    @Test
    void aZoneOfNoUnitsTakesNoPage() {
        JavaStackZones zones = JavaStackZones.fromPages(Map.of("StackRedPages", 1L, "StackYellowPages", 2L,
                "StackReservedPages", 0L, "StackShadowPages", 20L)::get, 64 * 1024);
        assertThat(zones.guardBytes()).isEqualTo(2 * 64 * 1024);
        assertThat(JavaStackZones.zoneBytes(16, 64 * 1024)).isEqualTo(64 * 1024);
        assertThat(JavaStackZones.zoneBytes(17, 64 * 1024)).isEqualTo(128 * 1024);
        assertThat(JavaStackZones.zoneBytes(0, 16 * 1024)).isZero();
    }

    @Test
    void nonsenseFlagsFallBackToConservativeZones() {
        assertThat(JavaStackZones.fromPages(name -> 0L, 4096)).isEqualTo(JavaStackZones.CONSERVATIVE);
        assertThat(JavaStackZones.fromPages(name -> -1L, 4096)).isEqualTo(JavaStackZones.CONSERVATIVE);
        assertThat(JavaStackZones.fromPages(X86_64_DEFAULTS, 0)).isEqualTo(JavaStackZones.CONSERVATIVE);
    }

    @Test
    void thisJvmHasAShadowZone() {
        assertThat(JavaStackZones.ofThisJvm(4096).shadowBytes()).isPositive();
    }
}
