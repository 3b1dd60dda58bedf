"""Loading spaCy pipelines the way every newsdesk process runs them."""

from __future__ import annotations


def load_model(name: str):  # -> spacy.Language
    """A spaCy pipeline whose matrix products run on numpy's BLAS, one thread.

    thinc's CPU ops multiply with blis by default; numpy's OpenBLAS does the same products (the
    encoders' gemm, most of a pipeline's time) about three times faster here, which makes the model
    itself about 1.3x faster (bench/bench_nlp.py measures both) with the same entities. One BLAS
    thread per process: the engines run one worker process per core already.
    """
    # heavy: spaCy and thinc take a second to import; only a process that reads text needs them
    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    with use_ops("numpy", use_blis=False):  # the models keep the ops they were built with
        return spacy.load(name)
