//! Sending a file from the browser with upload progress. `fetch` cannot report how much of a
//! request body has gone out, so this uses `XMLHttpRequest` (pictures, catalog imports).

use leptos::prelude::*;

/// POSTs `file` as the body to `url`, keeping `progress` at the percentage sent (None when
/// done), then calls `done` with the status (0: no answer) and the answer's text.
pub fn send_file(
    url: &str,
    file: &leptos::web_sys::File,
    progress: RwSignal<Option<u32>>,
    done: impl FnOnce(u16, String) + 'static,
) {
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{ProgressEvent, XmlHttpRequest};

    let Ok(request) = XmlHttpRequest::new() else {
        done(0, String::new());
        return;
    };
    if request.open_with_async("POST", url, true).is_err() {
        done(0, String::new());
        return;
    }
    let _ = request.set_request_header("Content-Type", &file.type_());
    progress.set(Some(0));
    if let Ok(upload) = request.upload() {
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                progress.set(Some((ev.loaded() / ev.total() * 100.0).round() as u32));
            }
        });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    let answered = request.clone();
    let mut done = Some(done);
    let on_done = Closure::<dyn FnMut()>::new(move || {
        progress.set(None);
        let body = answered.response_text().ok().flatten().unwrap_or_default();
        if let Some(done) = done.take() {
            done(answered.status().unwrap_or(0), body);
        }
    });
    request.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
    on_done.forget();
    let _ = request.send_with_opt_blob(Some(file));
}

/// The files of a file input or a drop.
pub fn files_of(list: Option<leptos::web_sys::FileList>) -> Vec<leptos::web_sys::File> {
    list.map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default()
}

/// The message of an error answer: the shop's JSON error, or the text as it came.
pub fn error_text(status: u16, body: String) -> String {
    if status == 0 {
        return crate::error::AppError::Unreachable.to_string();
    }
    serde_json::from_str::<crate::error::AppError>(&body)
        .map(|e| e.to_string())
        .unwrap_or(body)
}
