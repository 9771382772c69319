//! `wirewatch follow FEEDS.toml`: poll feeds, store their new items, remember what was seen.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use wirewatch::Pipeline;
use wirewatch_ingest::feeds::{parse_duration, parse_feed_list, parse_with_base, FeedSpec};
use wirewatch_ingest::fetch::{Fetcher, Validators};
use wirewatch_store::{FeedValidators, PutOutcome, SqliteStore, Store};

use crate::archive::DbArg;
use crate::input::{item_input, looks_like_feed};

/// Flags of `follow`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The feed list: TOML with one `[[feed]]` table per feed: `url`, and optionally `name`
    /// (the outlet) and `every` ("15m", "1h").
    feeds: PathBuf,
    #[command(flatten)]
    db: DbArg,
    /// How often to poll a feed that does not say (e.g. 15m, 1h, 90s).
    #[arg(long, default_value = "15m", value_parser = parse_duration)]
    every: Duration,
    /// Poll every feed once and stop (for cron, or to try a feed list).
    #[arg(long)]
    once: bool,
}

/// What one poll of one feed did.
#[derive(Debug, Default)]
struct Polled {
    new_items: usize,
    stored: usize,
    failed: usize,
}

fn poll(
    pipeline: &Pipeline,
    fetcher: &Fetcher,
    store: &mut SqliteStore,
    feed: &FeedSpec,
) -> Result<Polled> {
    let mut polled = Polled::default();
    // Outlets' homes learned from the store, looked up once a poll.
    let mut homes = std::collections::HashMap::new();
    let known = store.feed_validators(&feed.url)?.map(|v| Validators {
        etag: v.etag,
        last_modified: v.last_modified,
    });
    let fetched = match fetcher.get(&feed.url, known.as_ref()) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("wirewatch: {e}");
            polled.failed += 1;
            return Ok(polled);
        }
    };
    if fetched.not_modified {
        return Ok(polled);
    }
    if !looks_like_feed(&fetched) {
        eprintln!(
            "wirewatch: {}: not a feed ({})",
            feed.url,
            fetched.content_type.as_deref().unwrap_or("no content type")
        );
        polled.failed += 1;
        return Ok(polled);
    }
    let items = match parse_with_base(&fetched.body, Some(&fetched.url)) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("wirewatch: {}: {e}", feed.url);
            polled.failed += 1;
            return Ok(polled);
        }
    };
    for item in &items {
        if store.seen(&feed.url, &item.id)? {
            continue;
        }
        polled.new_items += 1;
        let Some(link) = &item.url else {
            store.mark_seen(&feed.url, &item.id)?;
            continue;
        };
        match fetcher.get(link, None) {
            Ok(page) => {
                let mut input = item_input(&page, item, feed.name.as_deref());
                input.home.clone_from(&feed.home);
                if let (None, Some(outlet)) = (&input.home, &input.outlet) {
                    input.home = crate::archive::learned_home(&*store, &mut homes, outlet)?;
                }
                let record = pipeline.analyze(input);
                if store.put(link, &record)? == PutOutcome::Stored {
                    polled.stored += 1;
                }
                store.mark_seen(&feed.url, &item.id)?;
            }
            // Not marked as seen: the next poll tries again.
            Err(e) => {
                eprintln!("wirewatch: {e}");
                polled.failed += 1;
            }
        }
    }
    // Remembered only once the items are stored, so a crash mid-poll re-reads the feed.
    store.set_feed_validators(
        &feed.url,
        &FeedValidators {
            etag: fetched.validators.etag.clone(),
            last_modified: fetched.validators.last_modified.clone(),
        },
    )?;
    Ok(polled)
}

/// Runs `follow`.
pub fn run(args: Args) -> Result<ExitCode> {
    let name = args.feeds.display().to_string();
    let text =
        std::fs::read_to_string(&args.feeds).with_context(|| format!("cannot read {name}"))?;
    let list = parse_feed_list(&name, &text)?;
    let pipeline = Pipeline::load().context("cannot load the pipeline's data")?;
    let fetcher = Fetcher::new(Default::default());
    let mut store = args.db.open()?;
    let mut due = vec![Instant::now(); list.feeds.len()];
    let mut failures = 0usize;
    loop {
        for (feed, next) in list.feeds.iter().zip(due.iter_mut()) {
            if Instant::now() < *next {
                continue;
            }
            *next = Instant::now() + feed.every.unwrap_or(args.every);
            let p = poll(&pipeline, &fetcher, &mut store, feed)?;
            failures += p.failed;
            eprintln!(
                "wirewatch: {}: {} new item(s), {} stored, {} failed",
                feed.url, p.new_items, p.stored, p.failed
            );
        }
        if args.once {
            break;
        }
        let wake = due.iter().min().copied().unwrap_or_else(Instant::now);
        std::thread::sleep(
            wake.saturating_duration_since(Instant::now())
                .max(Duration::from_secs(1)),
        );
    }
    Ok(if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
