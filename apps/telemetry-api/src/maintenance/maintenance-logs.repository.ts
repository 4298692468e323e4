import { Injectable } from '@nestjs/common';
import { PrismaService, type TelemetryMaintenanceLog } from '@mosaic/platform-database';

@Injectable()
export class MaintenanceLogsRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(input: { tenantId: string; assetRowId: string; at: Date; text: string }): Promise<TelemetryMaintenanceLog> {
    return this.prisma.telemetryMaintenanceLog.create({ data: input });
  }

  /** The newest entry written at or before `until` and after `since`. */
  async latestText(assetRowId: string, since: Date, until: Date): Promise<string | undefined> {
    const log = await this.prisma.telemetryMaintenanceLog.findFirst({
      where: { assetRowId, at: { gt: since, lte: until } },
      orderBy: [{ at: 'desc' }, { createdAt: 'desc' }],
      select: { text: true },
    });
    return log?.text;
  }
}
