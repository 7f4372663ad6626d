"""Imported by the workers' forkserver alone (`pool.CONTEXT.set_forkserver_preload`): builds the
spaCy pipeline and warms the stages there once, so that every worker forked afterwards starts warm.
Nothing else imports this module."""

from pipeline.corpus.worker import warm_forkserver

warm_forkserver()
