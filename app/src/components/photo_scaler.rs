//! Photos made smaller on the phone before they are sent (issue 16): with
//! WASM, a photo chosen in the file input named by `input_id` is drawn at
//! most [`MAX_SIDE`] pixels on its longer side and put back in the input
//! as a JPEG, so a 12-megapixel phone photo travels as a few hundred
//! kilobytes instead of several megabytes (residents' mobile data, and the
//! server's decoding time under load). The form still submits the plain
//! way, and the server still decodes, re-encodes and strips the photo.
//! Without WASM, or when the browser cannot decode the file, the original
//! is sent as chosen.

use leptos::prelude::*;

/// The longest side sent: what the server keeps at most.
pub const MAX_SIDE: u32 = 2048;

#[island]
pub fn PhotoScaler(
    input_id: String,
    /// Shown while the photo is being made smaller.
    scaling: String,
    /// Shown after; `{from}` and `{to}` are the sizes before and after.
    scaled: String,
) -> impl IntoView {
    let message = RwSignal::new(String::new());
    let live = RwSignal::new(false);
    // The server renders the status line only.
    #[cfg(not(feature = "hydrate"))]
    let _ = (&input_id, &scaling, &scaled);
    Effect::new(move |_| {
        if !live.get_untracked() {
            live.set(true);
            #[cfg(feature = "hydrate")]
            scale::attach(&input_id, message, scaling.clone(), scaled.clone());
        }
    });
    view! {
        <p
            class="hint"
            role="status"
            aria-live="polite"
            data-hydrated=move || live.get().then_some("true")
        >
            {move || message.get()}
        </p>
    }
}

/// A size in bytes as people read it.
pub fn human_size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (bytes / 1024.0).ceil() as u64)
    }
}

/// The size to draw a `width` × `height` picture at: at most [`MAX_SIDE`]
/// on the longer side, the same shape; `None` when it is small enough.
pub fn scaled_size(width: u32, height: u32) -> Option<(u32, u32)> {
    let longer = width.max(height);
    if longer <= MAX_SIDE || width == 0 || height == 0 {
        return None;
    }
    let shrink = |side: u32| -> u32 {
        ((u64::from(side) * u64::from(MAX_SIDE) + u64::from(longer) / 2) / u64::from(longer)).max(1)
            as u32
    };
    Some((shrink(width), shrink(height)))
}

#[cfg(feature = "hydrate")]
mod scale {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Blob, File, HtmlCanvasElement, HtmlInputElement};

    use super::{human_size, scaled_size};

    /// Files below this and within [`super::MAX_SIDE`] are sent as they are.
    const SMALL_ENOUGH: f64 = 1_500_000.0;
    const QUALITY: f64 = 0.85;

    pub(super) fn attach(
        input_id: &str,
        message: RwSignal<String>,
        scaling: String,
        scaled: String,
    ) {
        let Some(input) = document()
            .get_element_by_id(input_id)
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let target = input.clone();
        let on_change = Closure::<dyn FnMut()>::new(move || {
            let input = target.clone();
            let (scaling, scaled) = (scaling.clone(), scaled.clone());
            leptos::task::spawn_local(async move {
                let Some(file) = input.files().and_then(|f| f.get(0)) else {
                    message.set(String::new());
                    return;
                };
                let submit = submit_button(&input);
                set_disabled(&submit, true);
                message.set(scaling);
                match smaller(&file).await {
                    Ok(Some(photo)) => {
                        let (from, to) = (file.size(), photo.size());
                        if replace(&input, &photo) {
                            message.set(
                                scaled
                                    .replace("{from}", &human_size(from))
                                    .replace("{to}", &human_size(to)),
                            );
                        } else {
                            message.set(String::new());
                        }
                    }
                    // Small already, or the browser cannot draw it: the
                    // server takes the original.
                    Ok(None) | Err(_) => message.set(String::new()),
                }
                set_disabled(&submit, false);
            });
        });
        // One listener for the page's life.
        let _ =
            input.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }

    /// The form's submit buttons, kept from sending the original while the
    /// smaller photo is drawn.
    fn submit_button(input: &HtmlInputElement) -> Vec<web_sys::HtmlButtonElement> {
        let Some(list) = input
            .form()
            .and_then(|f| f.query_selector_all("button[type=submit]").ok())
        else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into().ok())
            .collect()
    }

    fn set_disabled(buttons: &[web_sys::HtmlButtonElement], disabled: bool) {
        for b in buttons {
            b.set_disabled(disabled);
        }
    }

    /// The photo drawn smaller as a JPEG; `None` when it is small enough
    /// or the JPEG would not be smaller.
    async fn smaller(file: &File) -> Result<Option<File>, JsValue> {
        let kind = file.type_();
        if !matches!(kind.as_str(), "image/jpeg" | "image/png" | "image/webp") {
            return Ok(None);
        }
        // Drawn the way it was taken (the EXIF orientation is applied).
        let bitmap: web_sys::ImageBitmap =
            JsFuture::from(window().create_image_bitmap_with_blob(file)?)
                .await?
                .dyn_into()?;
        let (width, height) = (bitmap.width(), bitmap.height());
        let size = match scaled_size(width, height) {
            Some(size) => size,
            None if file.size() > SMALL_ENOUGH => (width, height),
            None => {
                bitmap.close();
                return Ok(None);
            }
        };
        let canvas: HtmlCanvasElement = document().create_element("canvas")?.dyn_into()?;
        canvas.set_width(size.0);
        canvas.set_height(size.1);
        let context: web_sys::CanvasRenderingContext2d = canvas
            .get_context("2d")?
            .ok_or_else(|| JsValue::from_str("no 2d context"))?
            .dyn_into()?;
        context.draw_image_with_image_bitmap_and_dw_and_dh(
            &bitmap,
            0.0,
            0.0,
            f64::from(size.0),
            f64::from(size.1),
        )?;
        bitmap.close();
        let blob: Blob = JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
            if canvas
                .to_blob_with_type_and_encoder_options(
                    &resolve,
                    "image/jpeg",
                    &JsValue::from_f64(QUALITY),
                )
                .is_err()
            {
                let _ = reject.call0(&JsValue::NULL);
            }
        }))
        .await?
        .dyn_into()?;
        // Free the canvas' pixels now, not when it is collected.
        canvas.set_width(0);
        canvas.set_height(0);
        if blob.size() >= file.size() {
            return Ok(None);
        }
        let options = web_sys::FilePropertyBag::new();
        options.set_type("image/jpeg");
        let name = match file.name().rsplit_once('.') {
            Some((stem, _)) => format!("{stem}.jpg"),
            None => "photo.jpg".to_owned(),
        };
        let parts = js_sys::Array::of1(&blob);
        File::new_with_blob_sequence_and_options(&parts, &name, &options).map(Some)
    }

    /// Puts `photo` in the input in place of what was chosen.
    fn replace(input: &HtmlInputElement, photo: &File) -> bool {
        let Ok(transfer) = web_sys::DataTransfer::new() else {
            return false;
        };
        if transfer.items().add_with_file(photo).is_err() {
            return false;
        }
        match transfer.files() {
            Some(files) => {
                input.set_files(Some(&files));
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_keep_their_shape_within_the_longest_side() {
        assert_eq!(scaled_size(4000, 3000), Some((2048, 1536)));
        assert_eq!(scaled_size(3000, 4000), Some((1536, 2048)));
        assert_eq!(scaled_size(9000, 10), Some((2048, 2)));
        assert_eq!(scaled_size(100_000, 1), Some((2048, 1)));
        assert_eq!(scaled_size(2048, 2048), None);
        assert_eq!(scaled_size(800, 600), None);
        assert_eq!(scaled_size(0, 5000), None);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(3.4 * 1024.0 * 1024.0), "3.4 MB");
        assert_eq!(human_size(512.0 * 1024.0), "512 KB");
        assert_eq!(human_size(100.0), "1 KB");
    }
}
