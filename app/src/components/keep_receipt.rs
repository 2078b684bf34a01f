//! Keeping the receipt (issue 17): with WASM, two buttons on the
//! confirmation page: one copies the reference and access code, one saves
//! a picture of the receipt (the lines given and the page's QR code) to
//! the phone as a PNG, drawn with the phone's own fonts. Without WASM
//! nothing shows, and the page's print and long-press hints stand.

use leptos::prelude::*;

/// A line of the picture: its text and whether it is large (the
/// reference and the code).
pub type Line = (String, bool);

#[island]
pub fn KeepReceipt(
    copy_label: String,
    /// Said once the text is on the clipboard.
    copied: String,
    /// Said when the browser refused (no clipboard in this context).
    copy_failed: String,
    save_label: String,
    /// Said once the picture is made (the browser then saves it).
    saved: String,
    /// Said when the picture could not be made.
    save_failed: String,
    /// What is copied.
    copy_text: String,
    /// The picture's lines, top to bottom, above the QR code.
    lines: Vec<Line>,
    /// The name the picture is saved under.
    file_name: String,
) -> impl IntoView {
    let live = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    Effect::new(move |_| live.set(true));
    #[cfg(not(feature = "hydrate"))]
    let _ = (
        &copied,
        &copy_failed,
        &copy_text,
        &lines,
        &file_name,
        &saved,
        &save_failed,
    );
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        browser::copy(
            copy_text.clone(),
            copied.clone(),
            copy_failed.clone(),
            status,
        );
    };
    let save = move |_| {
        #[cfg(feature = "hydrate")]
        browser::save(
            &lines,
            &file_name,
            saved.clone(),
            save_failed.clone(),
            status,
        );
    };
    view! {
        <div class="keep-receipt no-print" data-hydrated=move || live.get().then_some("true")>
            {move || {
                // (Copy on the server, where they capture nothing.)
                #[allow(clippy::clone_on_copy)]
                let (copy, save) = (copy.clone(), save.clone());
                live.get()
                    .then(|| {
                        view! {
                            <p class="actions">
                                <button type="button" class="button secondary" id="copy-receipt" on:click=copy>
                                    {copy_label.clone()}
                                </button>
                                <button type="button" class="button secondary" id="save-receipt" on:click=save>
                                    {save_label.clone()}
                                </button>
                            </p>
                        }
                    })
            }}
            <p class="hint" role="status">{move || status.get()}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        CanvasRenderingContext2d, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement,
    };

    use super::Line;

    /// The picture's layout: its width, and the height of each line and of
    /// the QR code, in pixels (drawn at twice the CSS size for sharp text).
    const WIDTH: f64 = 720.0;
    const MARGIN: f64 = 48.0;
    const QR_SIDE: f64 = 360.0;

    /// A line's font size and the space it takes.
    fn line_size(large: bool) -> (f64, f64) {
        if large { (60.0, 84.0) } else { (30.0, 48.0) }
    }

    /// The picture's height for these lines.
    fn height(lines: &[Line]) -> f64 {
        MARGIN * 2.0 + lines.iter().map(|l| line_size(l.1).1).sum::<f64>() + QR_SIDE + MARGIN / 2.0
    }

    pub(super) fn copy(text: String, copied: String, failed: String, status: RwSignal<String>) {
        leptos::task::spawn_local(async move {
            let clipboard = window().navigator().clipboard();
            let done = JsFuture::from(clipboard.write_text(&text)).await.is_ok();
            status.set(if done { copied } else { failed });
        });
    }

    pub(super) fn save(
        lines: &[Line],
        file_name: &str,
        saved: String,
        failed: String,
        status: RwSignal<String>,
    ) {
        let lines = lines.to_vec();
        let file_name = file_name.to_owned();
        leptos::task::spawn_local(async move {
            let done = draw(&lines, &file_name).await.is_some();
            status.set(if done { saved } else { failed });
        });
    }

    fn font(large: bool) -> String {
        let (size, _) = line_size(large);
        let weight = if large { "700" } else { "400" };
        format!("{weight} {size}px system-ui, \"Noto Sans CJK SC\", \"PingFang SC\", sans-serif")
    }

    /// The lines broken where they would not fit the picture's width
    /// (Chinese breaks between any two characters).
    fn wrapped(cx: &CanvasRenderingContext2d, lines: &[Line]) -> Vec<Line> {
        let room = WIDTH - MARGIN * 2.0;
        let mut out = Vec::new();
        for (text, large) in lines {
            cx.set_font(&font(*large));
            let mut current = String::new();
            for c in text.chars() {
                let mut next = current.clone();
                next.push(c);
                let width = cx.measure_text(&next).map(|m| m.width()).unwrap_or(0.0);
                if width > room && !current.is_empty() {
                    out.push((std::mem::take(&mut current), *large));
                    current.push(c);
                } else {
                    current = next;
                }
            }
            out.push((current, *large));
        }
        out
    }

    async fn draw(lines: &[Line], file_name: &str) -> Option<()> {
        let document = document();
        let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
        canvas.set_width(WIDTH as u32);
        let cx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let lines = wrapped(&cx, lines);
        let h = height(&lines);
        // (A new size clears the context's state: set below.)
        canvas.set_height(h as u32);
        cx.set_fill_style_str("#ffffff");
        cx.fill_rect(0.0, 0.0, WIDTH, h);
        cx.set_fill_style_str("#0b5d3b");
        cx.fill_rect(0.0, 0.0, WIDTH, 12.0);
        cx.set_fill_style_str("#1a1a1a");
        cx.set_text_baseline("top");
        let mut y = MARGIN;
        for (text, large) in &lines {
            cx.set_font(&font(*large));
            let _ = cx.fill_text_with_max_width(text, MARGIN, y, WIDTH - MARGIN * 2.0);
            y += line_size(*large).1;
        }
        // The page's QR code, drawn from its own markup.
        if let Some(svg) = document.query_selector(".qr svg").ok().flatten() {
            let source = format!(
                "data:image/svg+xml;charset=utf-8,{}",
                String::from(js_sys::encode_uri_component(&svg.outer_html()))
            );
            let image = HtmlImageElement::new().ok()?;
            image.set_src(&source);
            if JsFuture::from(image.decode()).await.is_ok() {
                let _ = cx.draw_image_with_html_image_element_and_dw_and_dh(
                    &image, MARGIN, y, QR_SIDE, QR_SIDE,
                );
            }
        }
        let url = canvas.to_data_url_with_type("image/png").ok()?;
        let link: HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        link.set_href(&url);
        link.set_download(file_name);
        document.body()?.append_child(&link).ok()?;
        link.click();
        link.remove();
        Some(())
    }
}
