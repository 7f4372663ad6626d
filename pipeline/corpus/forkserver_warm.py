"""Imported by the workers' forkserver alone (`pool.CONTEXT.set_forkserver_preload`): imports the
worker side, builds the spaCy pipeline and warms the stages there once, so that every worker forked
afterwards starts warm. Nothing else imports this module.

The collector stays off until `worker.settle_heap` collects once and freezes what the start built:
the imports and the pipeline make a few hundred thousand objects that live as long as the process,
and collections during the start would scan them again and again. It is on again whatever happens
(the forkserver swallows an import error of this module and goes on forking)."""

import gc

gc.disable()
try:
    from pipeline.corpus.worker import warm_forkserver

    warm_forkserver()
finally:
    gc.enable()
