// What the sandbox tells the designer (figma.notify) or the panel (an AppError), each ≤ 100 characters and naming
// the next step.
export const CONTROLLER_MESSAGES = {
  nodeGone: 'That layer no longer exists. Select a frame with an image.',
  nothingToOutpaint: 'Select a frame with an image to outpaint.',
  covered: 'The image already covers the frame. Switch its fill to Fit, or make the frame bigger.',
  unknownJob: 'This result belongs to no running job. Start Outpaint again.',
  unknownSavedJob: 'This saved job is no longer on this computer. Run Outpaint again.',
  jobNotSaved: 'A running job could not be saved on this computer; keep the plugin open until it ends.',
  ledgerUnreadable: 'Saved paid results could not be read. Reopen the plugin to fetch them.',
  otherFilesJob: 'This saved job belongs to another file. Open that file to fetch it.',
  storageFailed: 'Settings could not be saved on this computer. Try again.',
} as const;
