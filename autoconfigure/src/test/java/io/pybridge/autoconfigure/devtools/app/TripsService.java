package io.pybridge.autoconfigure.devtools.app;

import org.springframework.stereotype.Service;

/** Takes the client by its constructor, as the controller of issue 26 did. */
@Service
public class TripsService {

    private final UnitsClient units;

    public TripsService(UnitsClient units) {
        this.units = units;
    }

    public UnitsClient units() {
        return units;
    }
}
