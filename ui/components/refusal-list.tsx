// Selected nodes Outpaint will not touch, each with the reason and what to do about it.
import type { Refusal } from '../../common/selection/report';

export function RefusalList({ refusals, heading, id }: { refusals: Refusal[]; heading: string; id?: string }) {
  if (refusals.length === 0) return null;
  return (
    <section class="section" aria-label={heading} id={id}>
      <h2 class="section-title">{heading}</h2>
      <ul class="refusals">
        {refusals.map((r) => (
          <li key={r.nodeId} class="refusal">
            <span class="refusal-name">{r.nodeName}</span>
            <span class="refusal-reason">{r.error.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
