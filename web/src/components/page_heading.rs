//! The heading of a screen. It takes focus when the user moves to its screen, so that
//! screen-reader and keyboard users start at the top of the new content.

use leptos::html;
use leptos::prelude::*;

/// Whether headings should take focus when they appear. False for the first screen, so
/// the widget does not pull focus away from the host page while the page loads.
#[derive(Clone, Copy)]
pub struct HeadingFocus(pub Signal<bool>);

/// Renders an `<h2>` that can hold focus (`tabindex="-1"`) and takes it on mount when
/// [`HeadingFocus`] is true.
#[component]
pub fn PageHeading(id: String, #[prop(into)] text: Signal<String>) -> impl IntoView {
    let heading_ref = NodeRef::<html::H2>::new();
    let should_focus = use_context::<HeadingFocus>().map(|focus| focus.0);

    Effect::new(move |_| {
        let wants_focus = should_focus.is_some_and(|focus| focus.get_untracked());
        if let Some(heading) = heading_ref.get()
            && wants_focus
        {
            let _ = heading.focus();
        }
    });

    view! {
        <h2 class="zr-heading" part="heading" id=id tabindex="-1" node_ref=heading_ref>
            {move || text.get()}
        </h2>
    }
}
