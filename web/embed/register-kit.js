// register-kit.js: the entry point that other sites load to get <zitadel-register>.
//
//   <script type="module" src="https://gateway.example/register-kit.js"></script>
//   <zitadel-register></zitadel-register>
//
// The trunk build writes dist/register-kit.js from this template and puts the content-hashed
// names of the wasm-bindgen module and the wasm file in place of the two placeholders below.
// Both are loaded relative to this script, so the embed works from any origin.

import init, { ElementWidget } from "./__REGISTER_KIT_GLUE__";

const ELEMENT_NAME = "zitadel-register";

// The directory this script was loaded from: the default api-base of every element.
const scriptBase = new URL("./", import.meta.url).href;

await init({ module_or_path: new URL("./__REGISTER_KIT_WASM__", import.meta.url) });

class ZitadelRegisterElement extends HTMLElement {
  // no-shadow is read once, when the element first connects, because a shadow root cannot be
  // removed again. So it is not observed.
  static observedAttributes = ["api-base", "methods", "sign-in-url", "lang"];

  #widget = null;

  connectedCallback() {
    if (this.#widget === null) {
      this.#widget = new ElementWidget(this, scriptBase);
    }
  }

  disconnectedCallback() {
    // Moving the element within the page disconnects and connects it again in the same
    // task. The widget is freed only when the element is still out of the document at the
    // next microtask, so a move keeps what the person typed.
    queueMicrotask(() => {
      if (!this.isConnected && this.#widget !== null) {
        const widget = this.#widget;
        this.#widget = null;
        widget.free();
      }
    });
  }

  attributeChangedCallback(_name, oldValue, newValue) {
    if (this.#widget !== null && oldValue !== newValue) {
      this.#widget.attributesChanged();
    }
  }
}

if (customElements.get(ELEMENT_NAME) === undefined) {
  customElements.define(ELEMENT_NAME, ZitadelRegisterElement);
} else {
  console.warn(
    `register-kit: <${ELEMENT_NAME}> is already defined, for example by register-kit.js from another address; ${import.meta.url} is not used`,
  );
}
