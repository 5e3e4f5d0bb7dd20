/** Modal submissions (view_submission): the form's casework, with errors shown on the form. */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { isFormId } from '../../../../cards/model.ts';
import { readModalValues } from '../blocks.ts';
import { actOnCard, BadActionError } from '../../../app/use-cases/act-on-card.ts';
import { actionValue } from './actions.ts';
import { chatContext, type SlackDeps } from './context.ts';
import { answerPrivately, type Client } from './replace.ts';
import { membershipsOf } from './staff.ts';
import { refreshHome } from './home.ts';

const metadataSchema = z.object({
  form: z.string().refine(isFormId, 'a form'), data: actionValue,
  channel: z.string().optional(), ts: z.string().optional(), responseUrl: z.string().url().optional(), ephemeral: z.boolean().optional(),
});

export function formSubmission(deps: SlackDeps) {
  return async ({ ack, body, view, client, context }: Pick<SlackViewMiddlewareArgs<ViewSubmitAction>, 'ack' | 'body' | 'view'> & Pick<AllMiddlewareArgs, 'context'> & { client: Client }) => {
    const firstInput = view.blocks.find((b) => b.type === 'input')?.block_id ?? 'form';
    const staff = membershipsOf(context);
    const meta = metadataSchema.parse(JSON.parse(view.private_metadata));
    if (!isFormId(meta.form)) return;
    const values = readModalValues(view.state.values);
    // the modal's view id and the form: Slack sends a submission again when our answer was lost, and it records once
    const ctx = { ...(await chatContext(deps, staff, `slack:${meta.channel ?? 'dm'}/${meta.ts ?? ''}`)), submissionKey: `slack:${view.id}:${meta.form}` };
    let answer;
    try {
      answer = await actOnCard(ctx, { kind: 'submit', form: meta.form }, meta.data, values);
    } catch (err) {
      if (err instanceof BadActionError) {
        await ack({ response_action: 'errors', errors: { [firstInput]: err.message.slice(0, 150) } });
        return;
      }
      throw err;
    }
    await ack();
    if (answer.kind === 'card') await answerPrivately(client, undefined, { user: body.user.id, ...meta }, answer.card);
    await refreshHome(deps, client, body.user.id, staff);
  };
}
