"""A stand-in for a language model that streams its answer: `generate` yields one word at a time,
each chosen from the words that follow the previous one in a small corpus (a bigram chain),
seeded by the prompt so the same prompt gives the same text. Each step takes `step_seconds`,
as a model's forward pass would; the caller receives each word as soon as it exists."""
import random
import time

CORPUS = """
the service calls python from java and python answers with numbers and words the service
streams the words to the browser as they come and the browser shows them one by one while
the model thinks about the next word the model is small and the words are few but the stream
is real and every word leaves python as soon as it is made and java sends it on at once
"""

_WORDS = CORPUS.split()
_FOLLOWERS = {}
for _here, _next in zip(_WORDS, _WORDS[1:]):
    _FOLLOWERS.setdefault(_here, []).append(_next)


def generate(prompt, max_tokens=20, step_seconds=0.05):
    """Yields {"index", "text", "produced_at_millis"} for each word: when the word was made, in
    milliseconds since the epoch, so a client can see it was sent before the next one existed."""
    rng = random.Random(prompt)
    word = prompt.split()[-1].lower() if prompt.split() else ""
    for index in range(max_tokens):
        if step_seconds > 0:
            time.sleep(step_seconds)  # the "model" working out the next word
        word = rng.choice(_FOLLOWERS.get(word) or _WORDS)
        yield {"index": index, "text": word, "produced_at_millis": time.time_ns() // 1_000_000}
