//! Deadlines of `search serve` on slow clients: a client that trickles its request's headers
//! a byte at a time is never silent long enough for `--idle-timeout`, but must not hold its
//! connection past `--header-timeout` (a total deadline on the request line and headers).

mod common;
#[path = "common/server.rs"]
mod server;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use server::{corpus, Server};

/// Sends `head` a byte every `every` on a thread, until it is all sent or a write fails (the
/// server closed), and reads until the server closes the connection. Returns how long the
/// connection lasted, or `None` if it was still open after `give_up`, and what was read.
fn trickle(
    addr: &str,
    head: &'static [u8],
    every: Duration,
    give_up: Duration,
) -> (Option<Duration>, Vec<u8>) {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(give_up)).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let started = Instant::now();
    std::thread::spawn(move || {
        for b in head {
            if writer.write_all(&[*b]).is_err() {
                return;
            }
            std::thread::sleep(every);
        }
    });
    let mut reader = stream;
    let mut got = Vec::new();
    let end = loop {
        let mut buf = [0u8; 4096];
        match reader.read(&mut buf) {
            Ok(0) => break Some(started.elapsed()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            // Closed while bytes we sent were unread: a reset, still a close.
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break Some(started.elapsed()),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                break None
            }
            Err(e) => panic!("reading: {e}"),
        }
    };
    (end, got)
}

/// One header byte every 300 ms is never 1 s of silence (the idle timeout), yet the
/// connection is closed about 2 s after it opened (the header deadline), unanswered; the
/// server then answers the next client at once.
#[test]
fn headers_trickled_a_byte_at_a_time_are_cut_at_the_deadline() {
    let dir = corpus();
    let server = Server::start(
        dir.path(),
        &["--header-timeout", "2", "--idle-timeout", "1"],
    );
    // Long enough to trickle for ~30 s: far past the deadline.
    const HEAD: &[u8] = b"GET /api/count?q=feu HTTP/1.1\r\nHost: test\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let (closed, got) = trickle(
        &server.addr,
        HEAD,
        Duration::from_millis(300),
        Duration::from_secs(15),
    );
    let Some(after) = closed else {
        panic!("a client trickling its headers still held its connection after 15 s");
    };
    assert!(
        after >= Duration::from_millis(1500) && after < Duration::from_secs(6),
        "closed after {after:?}, not at the 2 s deadline (+ margin)"
    );
    assert!(
        got.is_empty(),
        "no answer to a request never received: {}",
        String::from_utf8_lossy(&got)
    );
    let a = server.get("/api/count?q=feu");
    assert_eq!(a.status, 200, "{}", a.text());
}

/// The deadline is on the whole of the headers, not on each byte: a request whose headers
/// take 1 s to arrive (under the 3 s deadline) is answered.
#[test]
fn headers_in_time_are_answered() {
    let dir = corpus();
    let server = Server::start(dir.path(), &["--header-timeout", "3"]);
    const HEAD: &[u8] = b"GET /api/count?q=feu HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    let (closed, got) = trickle(
        &server.addr,
        HEAD,
        Duration::from_millis(15),
        Duration::from_secs(20),
    );
    assert!(closed.is_some(), "the answer never ended");
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("\"query\":\"feu\""), "{text}");
}

/// A header deadline outside (0, 3600] seconds is a usage error of one line.
#[test]
fn a_bad_header_timeout_is_refused() {
    let dir = corpus();
    let out = common::run(
        dir.path(),
        &["serve", "--index", "idx", "--header-timeout", "0"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--header-timeout 0"), "{err}");
}
