//! `search serve` run as a child process on a free port, and a minimal HTTP/1.1 client (raw
//! bytes in, status and body out) so that tests can send what no well-behaved client would.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running server; killed when dropped.
pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// What the server wrote on stderr so far.
    pub stderr: Arc<Mutex<String>>,
}

/// An HTTP answer.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header's value (name in lower case).
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            (n.trim().eq_ignore_ascii_case(name)).then(|| v.trim().to_string())
        })
    }
}

impl Server {
    /// Starts `search serve --index idx --addr 127.0.0.1:0 extra…` in `dir`.
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        let mut child = crate::common::search(dir)
            .args(["serve", "--index", "idx", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start search serve");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut seen = String::new();
        let addr = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!("search serve stopped before listening: {seen}");
            };
            seen.push_str(&line);
            seen.push('\n');
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.split('/').next().unwrap().to_string();
            }
        };
        let stderr = Arc::new(Mutex::new(seen));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        Server {
            child,
            addr,
            stderr,
        }
    }

    /// `GET target` (path and query, sent as given).
    pub fn get(&self, target: &str) -> Answer {
        self.raw(
            format!("GET {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .expect("an answer")
    }

    /// Sends `request` as is and reads the answer (`None` if the connection was closed
    /// without one).
    pub fn raw(&self, request: &[u8]) -> Option<Answer> {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        // The server may answer and close before reading a huge request whole.
        let _ = s.write_all(request);
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        let split = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some(Answer {
            status,
            head,
            body: bytes[split + 4..].to_vec(),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `s` percent-encoded for a URL's query.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Articles over several months and sources; one holds markup and a terminal escape.
pub fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let articles = [
        ("a1", "2020-01-15", "AFP", "Trêve à Stepanakert", "Un cessez-le-feu a été conclu à Stepanakert après deux jours de combats intenses.\n\nLes blessés ont été transportés vers les hôpitaux de la capitale régionale."),
        ("a2", "2020-02-03", "Reuters", "Le feu reprend", "Le cessez-le-feu a été rompu dans la nuit, selon les autorités locales et des témoins.\n\nAucun blessé n'est signalé pour le moment dans la région montagneuse."),
        ("a3", "2020-02-20", "AFP", "Gilets jaunes", "Les gilets jaunes manifestent samedi à Paris pour la dixième semaine consécutive.\n\nUn cessez-le-feu social est réclamé par les syndicats et le gouvernement."),
        ("a4", "2020-04-11", "AFP", "Balise <script>", "Un article contient <script>alert('x')</script> et <b>du gras</b> dans son texte brut, ainsi que \u{1b}[31m une séquence de terminal, sans cessez-le-feu aucun."),
        ("a5", "2020-04-28", "Le Monde", "Négociations", "Les négociations pour un cessez-le-feu durable reprennent à Genève sous l'égide des Nations unies."),
    ];
    let mut lines = String::new();
    for (id, date, source, title, text) in articles {
        let v = serde_json::json!({"id": id, "date": date, "source": source, "title": title, "text": text});
        lines.push_str(&v.to_string());
        lines.push('\n');
    }
    std::fs::write(dir.path().join("corpus.jsonl"), lines).unwrap();
    let out = crate::common::run(dir.path(), &["index", "corpus.jsonl", "--index", "idx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}
