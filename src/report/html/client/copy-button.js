/**
 * The "Copy" button beside the reproduce command. The clipboard API needs a secure context and
 * a permission a file:// page may not have, so the command is also selected: Ctrl+C then works.
 * @param {ParentNode} root
 */
function wireCopyButtons(root) {
  for (const button of root.querySelectorAll('button[data-copy-target]')) {
    if (!(button instanceof HTMLButtonElement)) continue;
    button.addEventListener('click', () => {
      const target = document.getElementById(button.dataset.copyTarget ?? '');
      if (target === null) return;
      const selection = window.getSelection();
      const range = document.createRange();
      range.selectNodeContents(target);
      selection?.removeAllRanges();
      selection?.addRange(range);
      const done = (/** @type {string} */ text) => {
        button.textContent = text;
        setTimeout(() => (button.textContent = 'Copy'), 1500);
      };
      if (navigator.clipboard === undefined) done('Selected');
      else navigator.clipboard.writeText(target.textContent ?? '').then(() => done('Copied'), () => done('Selected'));
    });
  }
}
