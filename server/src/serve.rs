//! The accept loop: what `axum::serve` does, plus what it leaves out
//! against slow clients (found by an outside attack, issue 16). `axum::serve`
//! gives hyper no timer, so a client that sends its headers a byte at a
//! time, or opens a connection and sends nothing, holds it for ever; a few
//! hosts could hold thousands.
//! - hyper's header deadline: a request's headers must arrive within
//!   `header_timeout` of the connection being ready for them, which also
//!   closes a connection that sends nothing (HTTP/1 only: the version
//!   sniffing of HTTP/2 has no deadline);
//! - at most `max_open` connections at once; the next waits in the
//!   kernel's accept queue;
//! - graceful shutdown: on the signal the listener closes, requests in
//!   flight finish (up to `drain`), idle connections close.
//!
//! A request's body is bounded by the request timeout inside the stack
//! (`TimeoutLayer`, and the edge's form read).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How the loop treats connections.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_open: usize,
    /// How long requests in flight may take to finish after the signal.
    pub drain: Duration,
}

/// Serves `router` on `listener` until `signal` resolves, then drains.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    signal: impl Future<Output = ()>,
) -> std::io::Result<()> {
    // HTTP/1 only: the load balancer in front speaks it to the instances
    // (TLS ends there), and detecting HTTP/2 first would wait for a
    // client's first bytes with no deadline at all.
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let open = Arc::new(tokio::sync::Semaphore::new(limits.max_open.max(1)));
    let graceful = GracefulShutdown::new();
    let mut signal = std::pin::pin!(signal);
    loop {
        let permit = tokio::select! {
            permit = open.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut signal => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, a connection reset before
                    // it was taken: wait a little, never stop serving.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut signal => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            // What `into_make_service_with_connect_info` gave handlers.
            request
                .extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(remote));
            router.clone().oneshot(request.map(Body::new))
        });
        let connection = builder
            .serve_connection(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.drain) => {
            tracing::warn!("requests still in flight after {:?}; stopping", limits.drain);
        }
    }
    Ok(())
}
