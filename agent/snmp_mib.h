/*
 * snmp_mib.h: where FLOWAGENT-SESSION-MIB (mibs/) puts its objects.
 *
 * FLOW_MIB_ROOT is net-snmp's playpen arc (netSnmpPlaypen) plus 7201, as
 * in the MIB's MODULE-IDENTITY; when the project has an enterprise number,
 * this define and that line are what change.
 */
#ifndef FLOW_SNMP_MIB_H
#define FLOW_SNMP_MIB_H

#define FLOW_MIB_ROOT		1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 7201
#define FLOW_MIB_OBJECTS	FLOW_MIB_ROOT, 1
#define FLOW_MIB_SCALARS	FLOW_MIB_OBJECTS, 1
#define FLOW_MIB_PIC_TABLE	FLOW_MIB_OBJECTS, 2
#define FLOW_MIB_SESSION_TABLE	FLOW_MIB_OBJECTS, 3

/* Scalars. */
enum {
	FLOW_SCALAR_TOTAL = 1, FLOW_SCALAR_MAX, FLOW_SCALAR_LAST_CHANGE,
	FLOW_SCALAR_RM_TOTAL
};

/* The session table's In wing columns start here, the Out wing's 20 on. */
#define FLOW_COL_WING_IN	30
#define FLOW_COL_WING_OUT	50

#endif
