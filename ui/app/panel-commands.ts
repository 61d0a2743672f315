// The effects a component may ask for. Components render state and dispatch actions; anything that
// talks to the sandbox, the API or the pipeline goes through these.
export interface PanelCommands {
  outpaint(): void;
  cancel(): void;
  /** Writes the footer job's held result again (the same bytes, nothing paid twice). */
  retryWrite(): void;
  /** Polls the footer job's paid FLUX task again; never submits it again. */
  checkAgain(): void;
  /** Posts 'settings/save' with the form's draft; the sandbox keeps it in figma.clientStorage. */
  saveSettings(): void;
}
