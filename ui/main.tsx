import { render } from 'preact';

render(<p>Outpaint</p>, document.getElementById('app')!);
