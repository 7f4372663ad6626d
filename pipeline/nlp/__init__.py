"""The spaCy layer: `build.build_nlp()` (model or blank Dutch fallback), our registered components, and
`identity.model_identity()`, which names the model a run would use without importing spaCy."""
