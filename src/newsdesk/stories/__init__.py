"""Stories: online clustering of articles into real-world events, and what a story shows.

- `features`: what an article carries (words, names, numbers, dates) as TF-IDF keys;
- `state`: the story tables (stories, candidate index, document frequencies, members);
- `cluster`: single-pass assignment, scoring against centroids, merging;
- `life`: titles, summaries, span and the breaking signal of the stories a batch touched.

The linker (`newsdesk.link.stories`) drives them inside the batch transaction; the Desk
(`newsdesk.desk.stories`) reads the tables.
"""
