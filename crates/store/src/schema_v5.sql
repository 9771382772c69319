-- Migration 5: how each mention refers to its entity: by a name, a definite description
-- ("the general") or a pronoun ("he"). Mentions stored before it are names.

ALTER TABLE mentions ADD COLUMN kind TEXT NOT NULL DEFAULT 'name';
