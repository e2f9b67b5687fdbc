"""Beyond one machine: a crawl cut into host shards that RQ workers run in time slices, and the one
ingest that applies what the slices sealed to the archive, exactly once.

    shards.py    which shard a site (and so its hosts) belongs to: a hash of its registrable domain
    journal.py   a shard's own archive, which also keeps each write a slice makes as a batch op
    coord.py     Redis: each shard's lease, its committed tip and carried host state, the commit log
    slices.py    the RQ job: one slice of one shard (the crawl loop for at most T seconds), and the worker
    ingest.py    `cluster ingest`: committed batches into archive.db through scraper.batch
    cli.py       `scraper cluster crawl | worker | ingest`

These sit above the single-machine core (archive, batch, crawl, config) and import it; nothing in the
core imports them. Redis and RQ are optional engines (the `cluster` extra): `cli.py` imports the
modules that use them inside its commands, so `scraper --help` works without them.
"""
