/* Loaded before Decap CMS: it starts only when Playbook's formats and widgets are
 * registered (playbook-editor.js calls CMS.init() last), never before. */
window.CMS_MANUAL_INIT = true;
