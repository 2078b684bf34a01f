//! This process's one writer of submissions ([`SubmitQueue`]): it gathers
//! what arrives while it works into the next batch, reads and writes each
//! batch on one connection, and answers every submission after its commit.

use std::time::Instant;

use chrono::{DateTime, Utc};

use super::{
    Found, Request, SubmitError, Submitted, finish, read, unavailable, write_batch, write_batch_on,
};
use crate::server::{Db, DbError, IDLE_CHECK, token_hash};

/// The most submissions one transaction takes.
const MAX_BATCH: usize = 32;

/// A submission's answer from the writer: its new case, or `None` when its
/// draft had been submitted before (see [`finish`]).
type Answer = Result<Option<Submitted>, SubmitError>;

struct Job {
    request: Request,
    reply: tokio::sync::oneshot::Sender<Answer>,
}

/// This process's one writer of submissions. What arrives while it works
/// goes into its next batch together: the drafts of a batch are read in
/// one statement and written in one transaction (group commit: one
/// durable commit, one counter step and one trail-head update for several
/// submissions). A submission is answered only after its commit.
#[derive(Clone, Debug)]
pub struct SubmitQueue {
    jobs: tokio::sync::mpsc::Sender<Job>,
}

impl SubmitQueue {
    /// Starts the writer on the current Tokio runtime.
    pub fn start(db: Db) -> SubmitQueue {
        let (jobs, rx) = tokio::sync::mpsc::channel(1024);
        tokio::spawn(write_jobs(db, rx));
        SubmitQueue { jobs }
    }

    /// As [`submit`], through the writer.
    pub async fn submit(
        &self,
        db: &Db,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Submitted, SubmitError> {
        let hash = token_hash(token);
        let (reply, answer) = tokio::sync::oneshot::channel();
        let job = Job {
            request: Request {
                hash: hash.clone(),
                now,
            },
            reply,
        };
        let answer = match self.jobs.send(job).await {
            Ok(()) => answer.await.ok(),
            Err(_) => None,
        };
        match answer {
            Some(written) => finish(db, &hash, written?).await,
            // The writer is gone (it could only have panicked): write here.
            // If it committed this draft first, the claim finds it taken.
            None => super::submit(db, token, now).await,
        }
    }
}

/// How long the writer waits for more submissions before a batch (see
/// [`next_batch`]).
const GATHER: std::time::Duration = std::time::Duration::from_millis(1);

/// The next batch: the first submission to arrive and whatever has arrived
/// with it. When fewer are waiting than the last batch held (`last`), the
/// writer waits up to [`GATHER`] for as many: a batch costs about the same
/// whether it holds one submission or thirty (its statements and its
/// durable commit), so under load a short wait for the submissions already
/// on their way beats writing them in a second batch, as PostgreSQL's own
/// `commit_delay` does for commits. After a batch of one (light load)
/// nothing waits.
async fn next_batch(rx: &mut tokio::sync::mpsc::Receiver<Job>, last: usize) -> Option<Vec<Job>> {
    let mut jobs = vec![rx.recv().await?];
    while jobs.len() < MAX_BATCH {
        match rx.try_recv() {
            Ok(job) => jobs.push(job),
            Err(_) => break,
        }
    }
    let until = tokio::time::Instant::now() + GATHER;
    while jobs.len() < last.min(MAX_BATCH) {
        match tokio::time::timeout_at(until, rx.recv()).await {
            Ok(Some(job)) => jobs.push(job),
            _ => break,
        }
    }
    Some(jobs)
}

/// The writer: batches what has arrived, reads and writes it on a
/// connection it keeps (returning it to the pool after each batch would
/// cost a ping). A connection that failed is given up, and one idle for a
/// while goes back to the pool, which checks it (as [`Db::connect`]).
async fn write_jobs(db: Db, mut rx: tokio::sync::mpsc::Receiver<Job>) {
    let mut kept: Option<(sqlx::pool::PoolConnection<sqlx::Any>, Instant)> = None;
    let mut last = 0;
    while let Some(mut jobs) = next_batch(&mut rx, last).await {
        last = jobs.len();
        // A batch that could not be read (its connection may have broken)
        // is read once more on another connection.
        for retry in [false, true] {
            let conn = match kept.take() {
                Some((conn, used)) if used.elapsed() <= IDLE_CHECK => Ok(conn),
                _ => db.pool.acquire().await,
            };
            let mut conn = match conn {
                Ok(conn) => conn,
                Err(e) => {
                    let e = DbError::from(e);
                    for job in jobs {
                        let _ = job.reply.send(Err(unavailable(&e)));
                    }
                    break;
                }
            };
            match serve(&db, &mut conn, jobs).await {
                Ok(sound) => {
                    if sound {
                        kept = Some((conn, Instant::now()));
                    }
                    break;
                }
                Err((unread, e)) if retry => {
                    for job in unread {
                        let _ = job.reply.send(Err(unavailable(&e)));
                    }
                    break;
                }
                Err((unread, _)) => jobs = unread,
            }
        }
    }
}

/// Reads and writes one batch of jobs on `conn`, and answers each:
/// whether the connection is still sound, or, when the batch could not be
/// read, its jobs unanswered.
async fn serve(
    db: &Db,
    conn: &mut sqlx::AnyConnection,
    jobs: Vec<Job>,
) -> Result<bool, (Vec<Job>, DbError)> {
    let requests: Vec<&Request> = jobs.iter().map(|j| &j.request).collect();
    let found = match read(conn, db.engine, &requests).await {
        Ok(found) => found,
        Err(e) => return Err((jobs, e)),
    };
    let replies = jobs.into_iter().map(|j| j.reply);
    let mut batch = Vec::with_capacity(found.len());
    let mut waiting = Vec::with_capacity(found.len());
    for (found, reply) in found.into_iter().zip(replies) {
        match found {
            Found::Write(p) => {
                batch.push(*p);
                waiting.push(reply);
            }
            Found::Taken(_) => {
                let _ = reply.send(Ok(None));
            }
            Found::Refused(e) => {
                let _ = reply.send(Err(e));
            }
        }
    }
    if batch.is_empty() {
        return Ok(true);
    }
    Ok(match write_batch_on(conn, db, &batch).await {
        Ok(written) => {
            for (reply, w) in waiting.into_iter().zip(written) {
                let _ = reply.send(Ok(w));
            }
            true
        }
        // One failing submission must not fail the others: each alone.
        Err(e) if batch.len() > 1 => {
            tracing::warn!(error = %e, size = batch.len(), "a batch of submissions failed; writing them one by one");
            for (reply, p) in waiting.into_iter().zip(&batch) {
                let one = write_batch(db, std::slice::from_ref(p))
                    .await
                    .map(|w| w.into_iter().next().flatten())
                    .map_err(SubmitError::from);
                let _ = reply.send(one);
            }
            false
        }
        Err(e) => {
            if let Some(reply) = waiting.into_iter().next() {
                let _ = reply.send(Err(e.into()));
            }
            false
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(hash: &str) -> Job {
        Job {
            request: Request {
                hash: hash.to_owned(),
                now: Utc::now(),
            },
            reply: tokio::sync::oneshot::channel().0,
        }
    }

    fn hashes(batch: &[Job]) -> Vec<&str> {
        batch.iter().map(|j| j.request.hash.as_str()).collect()
    }

    // On the test's one thread a spawned task runs only once the test
    // waits: its submissions arrive while the writer is gathering.
    #[tokio::test]
    async fn after_a_batch_of_one_the_writer_does_not_wait() {
        let (tx, mut rx) = tokio::sync::mpsc::channel(8);
        tx.send(job("a")).await.unwrap();
        let later = tx.clone();
        tokio::spawn(async move { later.send(job("b")).await });
        assert_eq!(hashes(&next_batch(&mut rx, 1).await.unwrap()), ["a"]);
        assert_eq!(hashes(&next_batch(&mut rx, 1).await.unwrap()), ["b"]);
    }

    #[tokio::test]
    async fn under_load_the_writer_waits_briefly_for_a_batch_as_large_as_its_last() {
        let (tx, mut rx) = tokio::sync::mpsc::channel(8);
        tx.send(job("a")).await.unwrap();
        let later = tx.clone();
        tokio::spawn(async move {
            later.send(job("b")).await?;
            later.send(job("c")).await
        });
        assert_eq!(
            hashes(&next_batch(&mut rx, 3).await.unwrap()),
            ["a", "b", "c"]
        );
        // Nobody else comes: after the wait the batch goes as it is.
        tx.send(job("d")).await.unwrap();
        assert_eq!(hashes(&next_batch(&mut rx, 3).await.unwrap()), ["d"]);
        drop(tx);
        assert!(next_batch(&mut rx, 3).await.is_none());
    }
}
