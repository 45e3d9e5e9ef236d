import { useState } from 'react';
import { Button } from './ui.tsx';

/** Copies text to the clipboard (falls back to selecting a hidden textarea where the API is denied). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1200);
  };
  return (
    <Button tone="ghost" className="px-2 py-0.5 text-xs" onClick={() => void copy()}>
      {copied ? 'Copied' : label}
    </Button>
  );
}
