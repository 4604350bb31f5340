package sample;

import io.pybridge.core.client.Keyword;
import io.pybridge.core.client.PythonCall;
import java.util.List;

/** One method per kind of mistake CheckPythonIT makes in scoring.py. */
@PythonCall(module = "scoring")
public interface Scoring {

    record Point(long x, long y) {
    }

    long add(long a, long b);

    double scale(double value, @Keyword("factor") double factor);

    String label(long id);

    List<Long> ids(@Keyword("limit") int limit);

    long norm(Point point);
}
