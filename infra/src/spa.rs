//! Serving the built SPA: files from `frontend/dist`, `index.html` for client-side routes,
//! and a problem 404 for unknown `/api/` paths (an API typo must not return HTML).

use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

#[derive(Clone)]
pub struct Spa {
    dir: PathBuf,
}

impl Spa {
    /// The SPA in `dir`, if it has been built there.
    pub fn from_dir(dir: &Path) -> Option<Self> {
        dir.join("index.html").is_file().then(|| Spa { dir: dir.to_owned() })
    }

    pub async fn serve(self, req: Request<Body>) -> Response {
        let path = req.uri().path();
        if path.starts_with("/api/") || path == "/api" {
            return web::layers::not_found().await.into_response();
        }
        let index = ServeFile::new(self.dir.join("index.html"));
        match ServeDir::new(&self.dir).fallback(index).oneshot(req).await {
            Ok(res) => res.map(Body::new),
            Err(never) => match never {},
        }
    }
}
