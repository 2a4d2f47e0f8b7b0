import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


def freeze_startup_objects() -> None:
    """Leave everything made while starting (modules, the vocabulary, the app) out of later
    garbage collections: it lives as long as the process, and a full collection walking it
    holds the interpreter lock for a tenth of a second while acks wait."""
    gc.collect()
    gc.freeze()


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: for a batch that makes millions of small objects
    it keeps (a cohort's readings, phrases and scores) and hardly any cycles, where each
    collection would walk all of them again for nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything made inside still counts as young: the first collection after
            # enabling would walk all of it. Passing it through the permanent generation
            # leaves it with the old objects instead, for the rare full collection.
            gc.freeze()
            gc.enable()
            gc.unfreeze()


def skip_final_collections() -> None:
    """Leave everything alive at exit out of the interpreter's last garbage collections.

    They walk every object once more just before the process ends: after a batch that
    built millions (a cohort's readings and scores) that is a tenth of a second for nothing.
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
