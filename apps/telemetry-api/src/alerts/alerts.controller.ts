import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodResponse, ZodValidationPipe } from '@mosaic/platform-http';
import { AlertsService } from './alerts.service';
import { alertSchema, alertsPageSchema, alertsQuerySchema, type AlertsQuery } from './dto/alert.dto';

@ApiTags('alerts')
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @RequireScopes('telemetry:read')
  @ApiOperation({ summary: 'Alerts, newest first: open while an asset’s smoothed fault risk stays high (with hysteresis).' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'closed'] })
  @ApiQuery({ name: 'assetId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1..500, default 100' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiZodResponse(200, alertsPageSchema)
  @ApiErrors(400, 401, 403)
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(alertsQuerySchema, 'query parameters')) query: AlertsQuery) {
    return this.alerts.list(principal.tenantId, query);
  }

  @Get(':alertId')
  @RequireScopes('telemetry:read')
  @ApiZodResponse(200, alertSchema)
  @ApiErrors(401, 403, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('alertId') alertId: string) {
    return this.alerts.get(principal.tenantId, alertId);
  }
}
