/**
 * CloudAdapter with the turn split from authentication: messages-route authenticates first (so it can answer a
 * fixed 401 and check the serviceUrl), then runs the turn with the result. CloudAdapter.process would answer
 * errors itself with their internal message as the body.
 */
import { CloudAdapter, type Activity, type ConfigurationBotFrameworkAuthentication, type InvokeResponse, type TurnContext } from 'botbuilder';

export type AuthenticateResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

export class EdgeCloudAdapter extends CloudAdapter {
  constructor(private readonly auth: ConfigurationBotFrameworkAuthentication) {
    super(auth);
  }

  /** Validates the Authorization header for this activity (throws on any failure). */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateResult> {
    return this.auth.authenticateRequest(activity, authHeader);
  }

  runAuthenticated(result: AuthenticateResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(result, activity, logic);
  }
}
