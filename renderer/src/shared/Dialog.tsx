// A modal dialog: a backdrop (a click on it closes), the box with its name, and useDialog's
// focus and keys. Every dialog of the app is one of these.
import { useRef, type ReactNode } from 'react';
import { useDialog, type DialogOptions } from './use-dialog.js';

export interface DialogProps extends DialogOptions {
  label: string;
  className?: string;
  onClose(): void;
  children: ReactNode;
}

export function Dialog({ label, className, onClose, children, ...opts }: DialogProps) {
  const { ref, onKeyDown } = useDialog<HTMLDivElement>(onClose, opts);
  // Only a click that starts and ends on the backdrop closes it (not a text selection dragged out).
  const downOnBackdrop = useRef(false);
  return (
    <div className="dialog-backdrop" role="presentation" onMouseDown={(e) => { downOnBackdrop.current = e.target === e.currentTarget; }}
      onClick={(e) => { if (downOnBackdrop.current && e.target === e.currentTarget) onClose(); }}>
      <div ref={ref} tabIndex={-1} className={className ? `dialog ${className}` : 'dialog'} role="dialog" aria-modal="true" aria-label={label}
        onClick={(e) => e.stopPropagation()} onKeyDown={onKeyDown}>
        {children}
      </div>
    </div>
  );
}
