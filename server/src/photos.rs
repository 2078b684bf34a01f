//! Residents' photos: checked by their first bytes and by decoding them,
//! turned upright, re-encoded as JPEG (which drops every piece of metadata:
//! EXIF, GPS, camera, comments), scaled down, and stored with a
//! server-generated name through an object store (a local directory by
//! default; any `object_store` backend for several instances).

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

/// The longest side of a stored photo and of its thumbnail, in pixels.
const FULL_SIDE: u32 = 2048;
const THUMB_SIDE: u32 = 320;

/// Why a file is not accepted as a photo.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("the image is too large to process")]
    TooLarge,
}

/// A photo ready to store.
pub struct Processed {
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The format the first bytes announce, among those accepted.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::WebP)
    } else {
        None
    }
}

/// The largest picture decoded: 50 megapixels (a phone's 48 MP mode) …
pub const MAX_PIXELS: u64 = 50_000_000;
/// … and at most this much memory for its pixels (50 MP of 8-bit RGB).
pub const MAX_DECODED_BYTES: u64 = 160 * 1024 * 1024;

/// Picture work runs on threads of its own, one per core (at most four),
/// at a lower scheduling priority than request handling: a burst of
/// uploads uses the idle processor time, and pages and the text steps of
/// filing still answer at once (the kernel runs them first). With
/// [`MAX_DECODED_BYTES`] per picture, memory stays bounded too.
struct Pictures {
    jobs: std::sync::mpsc::Sender<Job>,
    permits: tokio::sync::Semaphore,
}

type Job = Box<dyn FnOnce() + Send>;

/// How much less the picture threads count than request handling
/// (`nice` 10: about a tenth of a core's time when both want it).
const PICTURE_NICENESS: i32 = 10;

fn pictures() -> &'static Pictures {
    static PICTURES: std::sync::OnceLock<Pictures> = std::sync::OnceLock::new();
    PICTURES.get_or_init(|| {
        let threads = std::thread::available_parallelism()
            .map_or(2, usize::from)
            .clamp(1, 4);
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
        for i in 0..threads {
            let queue = queue.clone();
            let started = std::thread::Builder::new()
                .name(format!("pictures-{i}"))
                .spawn(move || {
                    lower_priority();
                    loop {
                        let job = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(poisoned) => poisoned.into_inner().recv(),
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = started {
                tracing::error!(error = %e, "starting a picture thread");
            }
        }
        Pictures {
            jobs,
            permits: tokio::sync::Semaphore::new(threads),
        }
    })
}

/// This thread yields to request handling.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: gettid has no preconditions; setpriority on this thread's
        // own id only lowers its priority, which any process may do.
        let done = unsafe {
            let tid = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, PICTURE_NICENESS)
        };
        if done != 0 {
            tracing::warn!("could not lower the priority of a picture thread");
        }
    }
}

/// [`process`] on a picture thread, waiting for one to be free first.
pub async fn process_bounded(bytes: Vec<u8>) -> Result<Processed, PhotoError> {
    let pictures = pictures();
    let _permit = pictures
        .permits
        .acquire()
        .await
        .map_err(|_| PhotoError::TooLarge)?;
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let outcome = std::panic::catch_unwind(|| process(&bytes));
        let _ = done.send(outcome.unwrap_or(Err(PhotoError::TooLarge)));
    });
    if pictures.jobs.send(job).is_err() {
        return Err(PhotoError::TooLarge);
    }
    result.await.unwrap_or(Err(PhotoError::TooLarge))
}

/// Decodes, applies the EXIF orientation, scales and re-encodes. CPU-bound:
/// call it through [`process_bounded`].
pub fn process(bytes: &[u8]) -> Result<Processed, PhotoError> {
    let format = sniff(bytes).ok_or(PhotoError::NotAnImage)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    // A small file can claim enormous dimensions (a decompression bomb).
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooLarge,
        _ => PhotoError::NotAnImage,
    })?;
    // The decoder's limits are not enforced on every path (a 16-bit PNG
    // within the width and height limits decoded to 1.1 GB): the header's
    // size is checked here, before a single pixel is decoded.
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS
        || decoder.total_bytes() > MAX_DECODED_BYTES
    {
        return Err(PhotoError::TooLarge);
    }
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooLarge,
        _ => PhotoError::NotAnImage,
    })?;
    if let Some(o) = orientation {
        image.apply_orientation(o);
    }
    let full = fit(image, FULL_SIDE);
    let thumb = if full.width() <= THUMB_SIDE && full.height() <= THUMB_SIDE {
        full.clone()
    } else {
        full.thumbnail(THUMB_SIDE, THUMB_SIDE)
    };
    Ok(Processed {
        width: full.width(),
        height: full.height(),
        full: jpeg(&full, 85)?,
        thumb: jpeg(&thumb, 75)?,
    })
}

/// The picture at most `side` pixels on its longer side. `thumbnail`
/// averages the pixels each new one covers: what a downscale needs, and
/// several times quicker than a resampling filter.
fn fit(image: DynamicImage, side: u32) -> DynamicImage {
    if image.width() <= side && image.height() <= side {
        image
    } else {
        image.thumbnail(side, side)
    }
}

/// A baseline JPEG with no metadata at all (`jpeg-encoder`: about three
/// times quicker than the `image` crate's own encoder, and smaller files).
fn jpeg(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let converted;
    let rgb = match image {
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => {
            converted = other.to_rgb8();
            &converted
        }
    };
    let (Ok(width), Ok(height)) = (u16::try_from(rgb.width()), u16::try_from(rgb.height())) else {
        return Err(PhotoError::TooLarge);
    };
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(rgb.as_raw(), width, height, jpeg_encoder::ColorType::Rgb)
        .map_err(|_| PhotoError::NotAnImage)?;
    Ok(out)
}

/// Where photos are kept.
#[derive(Clone, Debug)]
pub struct PhotoStore {
    store: Arc<dyn ObjectStore>,
}

impl PhotoStore {
    /// A directory on this machine (created when missing). Several app
    /// instances can share it on a network file system.
    pub fn local(dir: &Path) -> std::io::Result<PhotoStore> {
        std::fs::create_dir_all(dir)?;
        let store = LocalFileSystem::new_with_prefix(dir).map_err(std::io::Error::other)?;
        Ok(PhotoStore {
            store: Arc::new(store),
        })
    }

    /// S3-compatible storage: the bucket of `url` (`s3://bucket`), with the
    /// `AWS_*` environment variables and then `options` (by their
    /// `object_store` names, e.g. `aws_endpoint`) for the client.
    pub fn s3(
        url: &str,
        options: &std::collections::BTreeMap<String, String>,
    ) -> Result<PhotoStore, object_store::Error> {
        let mut builder = object_store::aws::AmazonS3Builder::from_env().with_url(url);
        for (key, value) in options {
            let key = key.parse::<object_store::aws::AmazonS3ConfigKey>()?;
            builder = builder.with_config(key, value);
        }
        Ok(PhotoStore::new(Arc::new(builder.build()?)))
    }

    /// Any object store.
    pub fn new(store: Arc<dyn ObjectStore>) -> PhotoStore {
        PhotoStore { store }
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), object_store::Error> {
        self.store
            .put(&ObjectPath::from(key), PutPayload::from(bytes))
            .await
            .map(|_| ())
    }

    pub async fn get(&self, key: &str) -> Result<bytes::Bytes, object_store::Error> {
        self.store.get(&ObjectPath::from(key)).await?.bytes().await
    }

    /// Stores a processed photo and its thumbnail under new random names in
    /// `folder`: (photo key, thumbnail key, photo bytes). Nothing is left
    /// behind when either write fails.
    pub async fn put_processed(
        &self,
        folder: &str,
        processed: Processed,
    ) -> Result<(String, String, usize), object_store::Error> {
        let name = app::server::new_token();
        let name = name.get(..32).unwrap_or(&name);
        let (full_key, thumb_key) = (
            format!("{folder}/{name}.jpg"),
            format!("{folder}/{name}-thumb.jpg"),
        );
        let size = processed.full.len();
        self.put(&full_key, processed.full).await?;
        if let Err(e) = self.put(&thumb_key, processed.thumb).await {
            self.delete(&full_key).await;
            return Err(e);
        }
        Ok((full_key, thumb_key, size))
    }

    /// Deletes a photo and its thumbnail.
    pub async fn delete_pair(&self, full_key: &str, thumb_key: &str) {
        self.delete(full_key).await;
        self.delete(thumb_key).await;
    }

    pub async fn delete(&self, key: &str) {
        if let Err(e) = self.store.delete(&ObjectPath::from(key)).await {
            tracing::warn!(error = %e, "photo could not be deleted");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, _| Rgb([(x % 256) as u8, 90, 40]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn formats_are_known_by_their_first_bytes() {
        assert_eq!(sniff(&png(2, 2)), Some(ImageFormat::Png));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some(ImageFormat::Jpeg));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageFormat::WebP));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"<svg"), None);
    }

    #[test]
    fn photos_are_reencoded_and_scaled() {
        let p = process(&png(3000, 1000)).unwrap();
        assert_eq!((p.width, p.height), (2048, 683));
        assert_eq!(sniff(&p.full), Some(ImageFormat::Jpeg));
        let thumb = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!(thumb.width(), 320);
    }

    /// A PNG that declares a huge picture, with almost nothing behind it:
    /// refused from its header, before anything is decoded.
    fn png_header(w: u32, h: u32, bit_depth: u8, color: u8) -> Vec<u8> {
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[bit_depth, color, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        // The decoder reads up to the first image data: a few zero bytes.
        for (kind, data) in [
            (&b"IHDR"[..], ihdr),
            (
                b"IDAT",
                vec![0x78, 0x01, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
            ),
            (b"IEND", vec![]),
        ] {
            let mut chunk = kind.to_vec();
            chunk.extend_from_slice(&data);
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(&chunk);
            out.extend_from_slice(&crc32(&chunk).to_be_bytes());
        }
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn pictures_too_large_to_decode_are_refused_by_their_header() {
        // 12000 × 12000 at 16-bit RGBA: 1.15 GB decoded.
        assert_eq!(
            process(&png_header(12_000, 12_000, 16, 6)).err(),
            Some(PhotoError::TooLarge)
        );
        // 11000 × 11000 RGB: 121 megapixels.
        assert_eq!(
            process(&png_header(11_000, 11_000, 8, 2)).err(),
            Some(PhotoError::TooLarge)
        );
        // 7000 × 7000 RGB (49 MP, 147 MB) is within both bounds: it gets as
        // far as decoding, where the missing data refuses it.
        assert_eq!(
            process(&png_header(7_000, 7_000, 8, 2)).err(),
            Some(PhotoError::NotAnImage)
        );
    }

    #[test]
    fn a_fake_or_broken_image_is_refused() {
        assert_eq!(process(b"hello").err(), Some(PhotoError::NotAnImage));
        let mut broken = png(50, 50);
        broken.truncate(60);
        assert_eq!(process(&broken).err(), Some(PhotoError::NotAnImage));
        // A JPEG header with nothing behind it.
        assert_eq!(
            process(b"\xFF\xD8\xFF\xE0\0\x10JFIF").err(),
            Some(PhotoError::NotAnImage)
        );
    }
}
