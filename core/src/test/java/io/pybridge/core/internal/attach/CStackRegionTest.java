package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where CPython's stack region lies on a Java thread's stack, without an interpreter. */
class CStackRegionTest {

    /** HotSpot's defaults on x86-64 Linux: 1 red, 2 yellow, 1 reserved and 20 shadow pages of 4 KiB. */
    private static final JavaStackZones HOTSPOT = JavaStackZones.fromPages(
            Map.of("StackRedPages", 1L, "StackYellowPages", 2L, "StackReservedPages", 1L, "StackShadowPages", 20L)::get,
            4096);

    @Test
    void hotSpotsZonesComeFromItsFlags() {
        assertThat(HOTSPOT.guardBytes()).isEqualTo(16 * 1024);
        assertThat(HOTSPOT.shadowBytes()).isEqualTo(80 * 1024);
    }

    @Test
    void theRegionLeavesTheJvmsZonesAndRoomForACallbackAtTheLowEnd() {
        long low = 0x7f00_0000_0000L;
        CStackRegion region = CStackRegion.of(low, 1 << 20, HOTSPOT, 8 << 20);
        assertThat(region).isNotNull();
        long reserved = 16 * 1024 + 80 * 1024 + CStackRegion.CALLBACK_ROOM;
        assertThat(region.base()).isEqualTo(low + reserved);
        assertThat(region.base() + region.size()).as("up to the top of the stack").isEqualTo(low + (1 << 20));
        // CPython's fatal limit, 16 KiB above the base, stays above everything the JVM keeps.
        assertThat(region.base() + 16 * 1024 - low).isGreaterThan(HOTSPOT.guardBytes() + HOTSPOT.shadowBytes());
    }

    @Test
    void aQuarterMebibyteIsEnoughAndLessIsNot() {
        assertThat(CStackRegion.minimumStack(HOTSPOT)).isLessThanOrEqualTo(256 * 1024);
        assertThat(CStackRegion.of(4096, 256 * 1024, HOTSPOT, 8 << 20)).isNotNull();
        assertThat(CStackRegion.of(4096, CStackRegion.minimumStack(HOTSPOT) - 1, HOTSPOT, 8 << 20)).isNull();
        assertThat(CStackRegion.of(0, 1 << 20, HOTSPOT, 8 << 20)).as("unknown stack").isNull();
    }

    @Test
    void aBigStackIsCappedToAMainThreadsEightMebibytesBelowItsTop() {
        long low = 0x7f00_0000_0000L;
        CStackRegion region = CStackRegion.of(low, 16 << 20, HOTSPOT, 8 << 20);
        assertThat(region.size()).isEqualTo(8 << 20);
        assertThat(region.base() + region.size()).isEqualTo(low + (16 << 20));
    }

    @Test
    void nonsenseFlagsFallBackToConservativeZones() {
        JavaStackZones zones = JavaStackZones.fromPages(name -> 0L, 4096);
        assertThat(zones).isEqualTo(JavaStackZones.CONSERVATIVE);
        assertThat(JavaStackZones.ofThisJvm(4096).shadowBytes()).isPositive();
    }
}
