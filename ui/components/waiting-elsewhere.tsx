// "2 paid results are waiting in ‘Poster file’": clientStorage is shared by every file on this computer, and a
// paid result is fetched only in the file it belongs to (common/batch/ledger-by-file.ts), so a panel opened in
// another file points the designer there instead of fetching it here.
import { waitingElsewhereMessage } from '../../common/batch/ledger-by-file';
import type { AppState } from '../state/app-state';

export function WaitingElsewhere({ state }: { state: AppState }) {
  const files = state.batch.elsewhere;
  if (files.length === 0) return null;
  return (
    <div class="callout" role="status">
      {files.map((file) => (
        <p key={file.fileName} class="callout-line">
          {waitingElsewhereMessage(file)}
        </p>
      ))}
    </div>
  );
}
