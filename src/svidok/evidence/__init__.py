"""Evidence locker: content-addressed object store, case key, custody chain, near-duplicates."""
