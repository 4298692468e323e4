import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequireScopes, type Principal } from '@mosaic/platform-auth';
import { ApiErrors, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@mosaic/platform-http';
import { createMaintenanceLogSchema, maintenanceLogSchema, type CreateMaintenanceLog } from './dto/maintenance-log.dto';
import { MaintenanceLogsService } from './maintenance-logs.service';

@ApiTags('maintenance')
@Controller('v1/maintenance-logs')
export class MaintenanceLogsController {
  constructor(private readonly logs: MaintenanceLogsService) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('telemetry:write')
  @ApiOperation({ summary: "Record a maintenance-log entry (Chinese and/or English); the newest one is fused with the asset's next windows." })
  @ApiZodBody(createMaintenanceLogSchema)
  @ApiZodResponse(201, maintenanceLogSchema)
  @ApiErrors(400, 401, 403, 422, 429)
  create(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(createMaintenanceLogSchema)) body: CreateMaintenanceLog) {
    return this.logs.create(principal.tenantId, body);
  }
}
