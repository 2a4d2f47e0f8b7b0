import gc


def freeze_startup_objects() -> None:
    """Leave everything made while starting (modules, the vocabulary, the app) out of later
    garbage collections: it lives as long as the process, and a full collection walking it
    holds the interpreter lock for a tenth of a second while acks wait."""
    gc.collect()
    gc.freeze()
