import type { ReactNode, Ref } from 'react';

/**
 * One choice among a few, as radio buttons under a legend: the arrow keys move between them and
 * Tab leaves the group, as a teller's keyboard expects. `firstRef` lets a job put the focus on
 * the first choice when it opens.
 */
export function RadioGroup<T extends string>(props: {
  legend: ReactNode;
  name: string;
  options: readonly T[];
  value: T | null;
  onChange: (value: T) => void;
  labelOf: (value: T) => ReactNode;
  firstRef?: Ref<HTMLInputElement> | undefined;
  /** A choice the job cannot take now (shown, not offered). */
  isDisabled?: (value: T) => boolean;
  disabled?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <fieldset disabled={props.disabled} className={props.className}>
      <legend>{props.legend}</legend>
      {props.children}
      {props.options.map((value, i) => (
        <label key={value} className="checkbox">
          <input
            ref={i === 0 ? props.firstRef : undefined}
            type="radio"
            name={props.name}
            value={value}
            checked={props.value === value}
            disabled={props.isDisabled?.(value)}
            onChange={() => props.onChange(value)}
          />
          {props.labelOf(value)}
        </label>
      ))}
    </fieldset>
  );
}
