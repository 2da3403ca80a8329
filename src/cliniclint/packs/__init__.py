"""Rule packs: the schema every rule shares, the claims taxonomy, cited sources,
and safe YAML reading that remembers where each value came from."""
