import type { CardVerb } from './card-actions';

/** Just enough of the Adaptive Card 1.5 schema for the cards this bot builds (Teams renders 1.5). */

export type CardElement =
  | { type: 'TextBlock'; text: string; wrap?: boolean; weight?: 'Bolder' | 'Lighter' | 'Default'; size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge'; color?: 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention' | 'Light' | 'Dark'; isSubtle?: boolean; spacing?: Spacing; fontType?: 'Default' | 'Monospace'; separator?: boolean; id?: string }
  | { type: 'FactSet'; facts: { title: string; value: string }[]; spacing?: Spacing; id?: string }
  | { type: 'Container'; items: CardElement[]; style?: ContainerStyle; bleed?: boolean; spacing?: Spacing; separator?: boolean; id?: string }
  | { type: 'ColumnSet'; columns: { type: 'Column'; width?: string; items: CardElement[] }[]; spacing?: Spacing }
  | { type: 'ActionSet'; actions: CardAction[]; spacing?: Spacing }
  | { type: 'Input.Text'; id: string; label?: string; placeholder?: string; isMultiline?: boolean; maxLength?: number; isRequired?: boolean; errorMessage?: string }
  | { type: 'Input.ChoiceSet'; id: string; label?: string; isMultiSelect?: boolean; style?: 'compact' | 'expanded' | 'filtered'; choices: { title: string; value: string }[]; value?: string; isRequired?: boolean; 'choices.data'?: { type: 'Data.Query'; dataset: string } }
  | { type: 'Input.Time'; id: string; label?: string; value?: string }
  | { type: 'Input.Number'; id: string; label?: string; min?: number; max?: number; value?: number }
  | { type: 'Input.Toggle'; id: string; title: string; label?: string; value?: string; valueOn?: string; valueOff?: string };

type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

export type CardAction =
  | { type: 'Action.OpenUrl'; title: string; url: string; style?: 'default' | 'positive' | 'destructive' }
  | { type: 'Action.Execute'; title: string; verb: CardVerb; data?: Record<string, string>; style?: 'default' | 'positive' | 'destructive'; associatedInputs?: 'auto' | 'none' }
  | { type: 'Action.ShowCard'; title: string; card: AdaptiveCard };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  msteams?: { width?: 'Full' } | undefined;
}
