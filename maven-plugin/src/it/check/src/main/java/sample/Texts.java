package sample;

import io.pybridge.core.client.PythonCall;

/** Six methods of one module: a syntax error in it is one problem, not six. */
@PythonCall(module = "texts")
public interface Texts {

    String upper(String text);

    String lower(String text);

    String title(String text);

    String strip(String text);

    long length(String text);

    boolean empty(String text);
}
