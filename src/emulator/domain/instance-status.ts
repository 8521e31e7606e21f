import type {
  WixFailureReason,
  WixInstanceStatus,
  WixPackage,
  WixProductInstance,
} from '../../wix/wire-types';
import { WIX_FAILURE_CODES } from '../../wix/wire-types';
import { toWireTimestamp } from '../clock';
import { applicationError, preconditionFailed, validationFailed } from '../errors';
import type { EmulatorState } from '../state/emulator-state';
import { findInstance, withUpdatedInstances } from './package-edit';

/** contract: emulator rules status engine: the transitions the admin hook may drive. */
const ALLOWED_TRANSITIONS: Readonly<Record<WixInstanceStatus, readonly WixInstanceStatus[]>> = {
  PENDING: ['ENABLED', 'FAILED', 'AWAITING_ACTION'],
  AWAITING_ACTION: ['ENABLED'],
  ENABLED: [],
  CANCELED: [],
  FAILED: [],
};

/**
 * Moves an instance along the status engine (admin/test hook; Wix has no public endpoint for
 * it). `failure` must be given iff the target is FAILED; it is dropped on other targets.
 * @throws EmulatorApiError 400 (bad failure), 404 NOT_FOUND (unknown instance),
 *   428 INCOMPATIBLE_PRODUCT_INSTANCE_STATUS (transition not allowed, e.g. from CANCELED/FAILED)
 */
export function setInstanceStatus(
  state: EmulatorState,
  instanceId: string,
  status: WixInstanceStatus,
  failure?: WixFailureReason,
): WixPackage {
  if (status === 'FAILED') {
    if (!failure || !failure.code || !WIX_FAILURE_CODES.includes(failure.code)) {
      throw validationFailed([
        {
          field: 'failure.code',
          description: `FAILED needs a failure code (${WIX_FAILURE_CODES.join(', ')})`,
          violatedRule: 'REQUIRED_FIELD',
        },
      ]);
    }
  } else if (failure) {
    throw validationFailed([
      { field: 'failure', description: 'only allowed with status FAILED', violatedRule: 'CUSTOM' },
    ]);
  }
  const pkg = state.packages.getByInstanceId(instanceId);
  const instance = pkg ? findInstance(pkg, instanceId) : undefined;
  if (!pkg || !instance) {
    throw applicationError(404, 'NOT_FOUND', `product instance ${instanceId} not found`, {
      instanceId,
    });
  }
  if (!ALLOWED_TRANSITIONS[instance.status].includes(status)) {
    throw preconditionFailed(
      'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS',
      `cannot move product instance ${instanceId} from ${instance.status} to ${status}`,
      { instanceId, from: instance.status, to: status },
    );
  }
  const now = toWireTimestamp(state.clock.nowMs());
  const updated = withUpdatedInstances(pkg, now, (candidate) => {
    if (candidate.instanceId !== instanceId) return undefined;
    const { failure: _previous, ...rest } = candidate;
    const next: WixProductInstance = { ...rest, status };
    if (status === 'FAILED' && failure) {
      next.failure = { code: failure.code, message: failure.message ?? '' };
    }
    return next;
  });
  state.putPackage(updated);
  return updated;
}
