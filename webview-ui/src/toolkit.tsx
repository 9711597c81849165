// The one place the webview touches a UI component library. @vscode/webview-ui-toolkit is archived
// upstream; swapping it for @vscode-elements means changing this file only.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeProgressRing,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { t } from './l10n';

provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDropdown(), vsCodeOption(), vsCodeProgressRing(), vsCodeTextField());

type ElementProps = {
  key?: React.Key;
  id?: string;
  class?: string;
  ref?: React.Ref<HTMLElement>;
  children?: ReactNode;
  title?: string;
  'aria-label'?: string;
  'data-testid'?: string;
};

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'vscode-button': ElementProps & { appearance?: 'primary' | 'secondary' | 'icon'; disabled?: boolean; onClick?: () => void };
      'vscode-text-field': ElementProps & { type?: string; value?: string; placeholder?: string };
      'vscode-dropdown': ElementProps & { value?: string };
      'vscode-option': ElementProps & { value?: string; selected?: boolean };
      'vscode-progress-ring': ElementProps;
    }
  }
}

export function Button(props: {
  children: ReactNode;
  onClick: () => void;
  appearance?: 'primary' | 'secondary' | 'icon';
  disabled?: boolean;
  title?: string;
  testId?: string;
}) {
  return (
    <vscode-button
      appearance={props.appearance ?? 'primary'}
      disabled={props.disabled || undefined}
      title={props.title}
      aria-label={props.title}
      data-testid={props.testId}
      onClick={() => {
        if (!props.disabled) props.onClick();
      }}
    >
      {props.children}
    </vscode-button>
  );
}

/** Listens to a DOM event on a custom element: wrapper events do not go through React's props. */
function useElementEvent(ref: React.RefObject<HTMLElement | null>, name: string, handler: (value: string) => void) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const listener = () => latest.current((el as HTMLInputElement).value ?? '');
    el.addEventListener(name, listener);
    return () => el.removeEventListener(name, listener);
  }, [ref, name]);
}

export function TextField(props: {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'url';
  placeholder?: string;
  children?: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLElement>(null);
  useElementEvent(ref, 'input', props.onChange);
  return (
    <vscode-text-field ref={ref} type={props.type ?? 'text'} value={props.value} placeholder={props.placeholder} data-testid={props.testId}>
      {props.children}
    </vscode-text-field>
  );
}

export function Dropdown(props: { value: string; onChange: (value: string) => void; options: { value: string; label: string }[]; testId?: string }) {
  const ref = useRef<HTMLElement>(null);
  useElementEvent(ref, 'change', props.onChange);
  return (
    <vscode-dropdown ref={ref} value={props.value} data-testid={props.testId}>
      {props.options.map((o) => (
        <vscode-option key={o.value} value={o.value} selected={o.value === props.value || undefined}>
          {o.label}
        </vscode-option>
      ))}
    </vscode-dropdown>
  );
}

export function Spinner() {
  return <vscode-progress-ring aria-label={t('Working')} />;
}
