"""Topic packs: curated, sourced knowledge for one history topic (YAML)."""
