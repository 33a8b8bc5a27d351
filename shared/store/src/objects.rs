//! Objects that browsers put straight into the bucket (evidence files, import bundles): a
//! presigned PUT bound to the declared size and SHA-256, then a check of the stored object's
//! own bytes before anything counts it. Uploads never pass through Lambda (6 MB payloads) or
//! API Gateway (10 MB). The PUT tags the object `aegis-upload=pending` and a successful check
//! retags it `verified`, so the bucket's lifecycle rule removes files whose slot was never
//! completed.

use crate::StoreError;
use aws_sdk_s3::Client;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::types::{Tag, Tagging};
use base64::Engine;
use domain::checksum::Sha256;
use sha2::Digest;
use std::collections::BTreeMap;
use std::time::Duration;

/// The tag a lifecycle rule of the bucket (template.yaml) expires unverified uploads by.
pub const UPLOAD_TAG: &str = "aegis-upload";
const PENDING: &str = "pending";
const VERIFIED: &str = "verified";

/// Where and how the browser uploads.
#[derive(Debug, Clone)]
pub struct PresignedPut {
    pub url: String,
    /// Headers the PUT must carry exactly (the size and checksum the signature binds).
    pub headers: BTreeMap<String, String>,
}

/// Why an uploaded object was refused (and deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Missing,
    Size { uploaded: i64, declared: u64 },
    Checksum { uploaded: Sha256, declared: Sha256 },
}

impl Refusal {
    /// The validation code and message for the `file` field.
    pub fn explain(&self) -> (&'static str, String) {
        match self {
            Refusal::Missing => ("missing", "no file was uploaded to the slot".into()),
            Refusal::Size { uploaded, declared } => {
                ("size_mismatch", format!("uploaded {uploaded} bytes, declared {declared}"))
            }
            Refusal::Checksum { uploaded, declared } => {
                ("checksum_mismatch", format!("SHA-256 of the upload is {uploaded}, declared {declared}"))
            }
        }
    }
}

/// A presigned PUT of exactly `size` bytes whose SHA-256 is `sha256`, valid for `ttl`.
pub async fn presign_put(
    s3: &Client,
    bucket: &str,
    key: &str,
    size: u64,
    sha256: &Sha256,
    ttl: Duration,
) -> Result<PresignedPut, StoreError> {
    let presigned = s3
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_length(size as i64)
        .checksum_sha256(base64::engine::general_purpose::STANDARD.encode(sha256.bytes()))
        .tagging(format!("{UPLOAD_TAG}={PENDING}"))
        .presigned(PresigningConfig::expires_in(ttl).map_err(StoreError::backend)?)
        .await
        .map_err(StoreError::backend)?;
    let headers =
        presigned.headers().map(|(k, v)| (k.to_owned(), v.to_owned())).filter(|(k, _)| k != "host").collect();
    Ok(PresignedPut { url: presigned.uri().to_owned(), headers })
}

/// Writes a whole file under `key` (a report, an uploaded archive or bundle kept for its run).
pub async fn put_file(
    s3: &Client,
    bucket: &str,
    key: &str,
    content_type: &str,
    bytes: impl Into<aws_sdk_s3::primitives::ByteStream>,
) -> Result<(), StoreError> {
    s3.put_object()
        .bucket(bucket)
        .key(key)
        .content_type(content_type)
        .body(bytes.into())
        .send()
        .await
        .map_err(StoreError::backend)?;
    Ok(())
}

/// A presigned GET that downloads the object at `key` as `filename`, valid for `ttl`.
pub async fn presign_download(
    s3: &Client,
    bucket: &str,
    key: &str,
    filename: &str,
    ttl: Duration,
) -> Result<String, StoreError> {
    let presigned = s3
        .get_object()
        .bucket(bucket)
        .key(key)
        .response_content_disposition(format!("attachment; filename=\"{filename}\""))
        .presigned(PresigningConfig::expires_in(ttl).map_err(StoreError::backend)?)
        .await
        .map_err(StoreError::backend)?;
    Ok(presigned.uri().to_owned())
}

/// Checks the object at `key` against the declared size and SHA-256 (hashing its bytes,
/// whatever checksum features the store offers); a refused object is deleted so the key
/// holds nothing unverified.
pub async fn verify(
    s3: &Client,
    bucket: &str,
    key: &str,
    size: u64,
    sha256: &Sha256,
) -> Result<Result<(), Refusal>, StoreError> {
    let refusal = match s3.head_object().bucket(bucket).key(key).send().await {
        Err(_) => Some(Refusal::Missing),
        Ok(head) if head.content_length().unwrap_or(-1) != size as i64 => {
            Some(Refusal::Size { uploaded: head.content_length().unwrap_or(-1), declared: size })
        }
        Ok(_) => {
            let object = s3.get_object().bucket(bucket).key(key).send().await.map_err(StoreError::backend)?;
            let mut body = object.body;
            let mut hasher = sha2::Sha256::new();
            while let Some(chunk) = body.try_next().await.map_err(StoreError::backend)? {
                hasher.update(&chunk);
            }
            let uploaded = Sha256::from_bytes(hasher.finalize().into());
            (uploaded != *sha256).then(|| Refusal::Checksum { uploaded, declared: sha256.clone() })
        }
    };
    match refusal {
        None => {
            let tag = Tag::builder().key(UPLOAD_TAG).value(VERIFIED).build().map_err(StoreError::backend)?;
            let tagging = Tagging::builder().tag_set(tag).build().map_err(StoreError::backend)?;
            s3.put_object_tagging()
                .bucket(bucket)
                .key(key)
                .tagging(tagging)
                .send()
                .await
                .map_err(StoreError::backend)?;
            Ok(Ok(()))
        }
        Some(r) => {
            if r != Refusal::Missing {
                let _ = s3.delete_object().bucket(bucket).key(key).send().await;
            }
            Ok(Err(r))
        }
    }
}

/// Removes objects whose records are gone, best effort: a failure leaves an orphan object
/// (the bucket's lifecycle rules and the repair job find those), never a record without one.
pub async fn delete_all(s3: &aws_sdk_s3::Client, bucket: &str, keys: &[String]) {
    for key in keys {
        if let Err(e) = s3.delete_object().bucket(bucket).key(key).send().await {
            tracing::warn!(error = %e, key, "evidence object left behind after its record was deleted");
        }
    }
}

/// Smallest part S3 accepts in a multipart upload (all but the last).
pub const MIN_PART_BYTES: usize = 5 * 1024 * 1024;

/// A file written to the bucket in parts as it is produced (an export of tens of thousands of
/// tests never sits in memory whole). Parts go up as they fill; [`FileWriter::finish`]
/// completes the upload, and a writer dropped unfinished leaves an incomplete upload that the
/// bucket's lifecycle rule aborts after a day.
pub struct FileWriter {
    s3: Client,
    bucket: String,
    key: String,
    upload_id: String,
    part_bytes: usize,
    buffer: Vec<u8>,
    parts: Vec<aws_sdk_s3::types::CompletedPart>,
    written: u64,
}

impl FileWriter {
    /// Starts a multipart upload of `key`; parts of `part_bytes` (at least S3's 5 MiB).
    pub async fn start(
        s3: &Client,
        bucket: &str,
        key: &str,
        content_type: &str,
        part_bytes: usize,
    ) -> Result<Self, StoreError> {
        let out = s3
            .create_multipart_upload()
            .bucket(bucket)
            .key(key)
            .content_type(content_type)
            .send()
            .await
            .map_err(StoreError::backend)?;
        let upload_id = out.upload_id.ok_or_else(|| StoreError::backend_message("no upload id"))?;
        Ok(FileWriter {
            s3: s3.clone(),
            bucket: bucket.to_owned(),
            key: key.to_owned(),
            upload_id,
            part_bytes: part_bytes.max(MIN_PART_BYTES),
            buffer: Vec::new(),
            parts: Vec::new(),
            written: 0,
        })
    }

    /// Appends bytes; a full part is uploaded before this returns.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        self.buffer.extend_from_slice(bytes);
        self.written += bytes.len() as u64;
        if self.buffer.len() >= self.part_bytes {
            let part = std::mem::take(&mut self.buffer);
            self.upload(part).await?;
        }
        Ok(())
    }

    async fn upload(&mut self, bytes: Vec<u8>) -> Result<(), StoreError> {
        let number = self.parts.len() as i32 + 1;
        let out = self
            .s3
            .upload_part()
            .bucket(&self.bucket)
            .key(&self.key)
            .upload_id(&self.upload_id)
            .part_number(number)
            .body(bytes.into())
            .send()
            .await
            .map_err(StoreError::backend)?;
        self.parts.push(
            aws_sdk_s3::types::CompletedPart::builder().part_number(number).set_e_tag(out.e_tag).build(),
        );
        Ok(())
    }

    /// Uploads what is left as the last part and completes the file; returns its size.
    pub async fn finish(mut self) -> Result<u64, StoreError> {
        if !self.buffer.is_empty() || self.parts.is_empty() {
            let last = std::mem::take(&mut self.buffer);
            self.upload(last).await?;
        }
        let parts =
            aws_sdk_s3::types::CompletedMultipartUpload::builder().set_parts(Some(self.parts)).build();
        self.s3
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(&self.key)
            .upload_id(&self.upload_id)
            .multipart_upload(parts)
            .send()
            .await
            .map_err(StoreError::backend)?;
        Ok(self.written)
    }

    /// Gives the upload up (a failed export), so no parts are kept.
    pub async fn abort(self) {
        let aborted = self
            .s3
            .abort_multipart_upload()
            .bucket(&self.bucket)
            .key(&self.key)
            .upload_id(&self.upload_id)
            .send()
            .await;
        if let Err(e) = aborted {
            tracing::warn!(error = %e, key = self.key, "incomplete upload left to the bucket's lifecycle rule");
        }
    }
}
