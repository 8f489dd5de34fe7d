import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicationsModule } from '../applications/applications.module';
import { CancelLicenceController } from './cancel-licence/cancel-licence';
import { CloseOutLicenceController } from './close-out/close-out-licence.controller';
import { OverdueCloseOuts } from './close-out/overdue-close-outs';
import { CustomsController } from './customs/customs.controller';
import { LicenceRegister, OnLicenceHandler } from './licences';
import { ReferenceCopyController } from './reference-copy/reference-copy.controller';
import { ViewLicencesController } from './view-licences/view-licences.controller';

/**
 * Licences after issue: customs' declarations and releases (R-CUS-1, R-CUS-2), the holder's view,
 * reference copy (R-LIC-5) and cancellation (R-BAL-1), exhibition close-outs (R-EXEMPT-4) and the
 * overdue ones reviewers see.
 */
@Module({
  imports: [CqrsModule, ApplicationsModule],
  controllers: [CustomsController, ViewLicencesController, ReferenceCopyController, CancelLicenceController, CloseOutLicenceController],
  providers: [OnLicenceHandler, LicenceRegister, OverdueCloseOuts],
  exports: [LicenceRegister, OverdueCloseOuts],
})
export class LicencesModule {}
